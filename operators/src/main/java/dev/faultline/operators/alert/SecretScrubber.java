package dev.faultline.operators.alert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what looks like a secret from text that leaves Faultline in an alert: build logs echo
 * tokens, headers and credentialed URLs more often than anyone wants. Errs on the side of
 * redacting; an alert loses little if a long hash is redacted too.
 */
public final class SecretScrubber {
    public static final String REDACTED = "[REDACTED]";

    /** {@code Authorization: ...} and friends: everything after the header name goes. */
    private static final Pattern AUTH_HEADER =
            Pattern.compile("(?i)\\b((?:proxy-)?authorization|x-api-key|x-auth-token|cookie|set-cookie)(\\s*[:=]\\s*)\\S.*");
    /** {@code Bearer abc...}, {@code token abc...}. */
    private static final Pattern SCHEME_TOKEN = Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)(?=[A-Za-z0-9._~+/=-]*\\d)[A-Za-z0-9._~+/=-]{8,}");
    /** {@code https://user:pass@host}, {@code https://token@host}. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{1,15}://)[^/\\s:@]+(?::[^/\\s@]*)?@");
    /** AWS access key IDs. */
    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b");
    private static final String SECRET_NAME =
            "[\\w.-]*(?:token|secret|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key)[\\w.-]*";
    /** {@code SOME_TOKEN=value}, {@code "password": "value"}. */
    private static final Pattern ASSIGNED_SECRET =
            Pattern.compile("(?i)(" + SECRET_NAME + "[\"']?)(\\s*[=:]\\s*)[\"']?(?!\\[REDACTED\\])[^\\s\"',;]{6,}[\"']?");
    /** {@code --api-key value}. */
    private static final Pattern FLAG_SECRET =
            Pattern.compile("(?i)(--" + SECRET_NAME + ")(\\s+)(?!\\[REDACTED\\])[^\\s\"',;-][^\\s\"',;]{5,}");
    /** Token formats that announce themselves: GitHub, GitLab, npm, Slack, Stripe. */
    private static final Pattern KNOWN_TOKEN =
            Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{10,}|github_pat_\\w{10,}|glpat-[\\w-]{10,}|npm_[A-Za-z0-9]{10,}"
                    + "|xox[abprs]-[\\w-]{10,}|[rs]k_(?:live|test)_\\w{10,})");
    /** Anything that looks like a key: 32+ characters of a key alphabet, with letters and digits. */
    private static final Pattern LONG_KEY = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{32,}(?![A-Za-z0-9+/=_-])");

    private SecretScrubber() {}

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = AUTH_HEADER.matcher(text).replaceAll("$1$2" + REDACTED);
        s = SCHEME_TOKEN.matcher(s).replaceAll("$1$2" + REDACTED);
        s = URL_CREDENTIALS.matcher(s).replaceAll("$1" + REDACTED + "@");
        s = AWS_KEY_ID.matcher(s).replaceAll(REDACTED);
        s = KNOWN_TOKEN.matcher(s).replaceAll(REDACTED);
        s = ASSIGNED_SECRET.matcher(s).replaceAll("$1$2" + REDACTED);
        s = FLAG_SECRET.matcher(s).replaceAll("$1$2" + REDACTED);
        return scrubLongKeys(s);
    }

    private static String scrubLongKeys(String s) {
        Matcher m = LONG_KEY.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (!looksLikeKey(m.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append(REDACTED);
            last = m.end();
        }
        if (out == null) {
            return s;
        }
        return out.append(s, last, s.length()).toString();
    }

    /** A key mixes letters and digits; a path of words (a/b/c) does not count. */
    private static boolean looksLikeKey(String run) {
        boolean letter = false;
        boolean digit = false;
        int slashes = 0;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            slashes += c == '/' ? 1 : 0;
        }
        return letter && digit && slashes < 3;
    }
}
