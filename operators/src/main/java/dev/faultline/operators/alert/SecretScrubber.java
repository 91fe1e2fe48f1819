package dev.faultline.operators.alert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what looks like a secret from text that leaves Faultline in an alert: build logs echo
 * tokens, headers and credentialed URLs more often than anyone wants. Errs on the side of
 * redacting; an alert loses little if a long hash is redacted too.
 *
 * <p>Linear in the text by construction, because the text is whatever a build printed (a 64 KiB
 * line of one repeated character is as likely as a log line): every pattern starts with a literal
 * or a bounded prefix, its unbounded parts are possessive (they never give characters back, so a
 * failing match cannot retry every split of a long run), and the names of secrets, whose keyword
 * may sit anywhere in a long run, are found by {@link NamedSecrets}' scanner rather than a regex.
 */
public final class SecretScrubber {
    public static final String REDACTED = "[REDACTED]";

    /** {@code Authorization: ...} and friends: everything after the header name goes. */
    private static final Pattern AUTH_HEADER =
            Pattern.compile(
                    "(?i)\\b((?:proxy-)?authorization|x-api-key|x-auth-token|cookie|set-cookie)(\\s*+[:=]\\s*+)\\S.*+");

    /** {@code Bearer abc...}, {@code token abc...}: 8+ key characters with a digit among them. */
    private static final Pattern SCHEME_TOKEN =
            Pattern.compile(
                    "(?i)\\b(bearer|basic|token)(\\s++)(?=[A-Za-z._~+/=-]*+\\d)[A-Za-z0-9._~+/=-]{8,}+");

    /**
     * {@code https://user:pass@host}, {@code https://token@host}, {@code redis://:pass@host}; a
     * password (at least one character) may hold an unescaped {@code @}: everything up to the
     * host's (the last before the path) goes. That last {@code @} is found by taking {@code ...@}
     * pieces as long as there are any, not by backtracking from the end of the run.
     */
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile(
                    "(?i)\\b([a-z][a-z0-9+.-]{1,15}://)"
                            + "(?:[^/\\s:@]++(?::(?:[^/\\s@]*+@)++|@)|:(?:[^/\\s@]++@|@[^/\\s@]*+@)(?:[^/\\s@]*+@)*+)");

    /**
     * {@code curl -u user:pass}, {@code --user user:pass} (not {@code -u 1000:1000}). A user name
     * may start with {@code =} ({@code -u ==:pass}): the second alternative takes the separator's
     * last {@code =} as the user's, as a backtracking {@code [\s=]+} would.
     */
    private static final Pattern USER_FLAG =
            Pattern.compile(
                    "(\\s(?:-u|--user)[\\s=]++(?:[\"']?+[^\\s:'\"]++|(?<=[\\s=]=)[^\\s:'\"]*+):)(?!\\[REDACTED\\])(?!\\d++(?![^\\s'\"]))[^\\s'\"]++");

    /**
     * {@code docker login -u ci -p PASS} (and podman, helm, ...), within 200 characters. A password
     * may start with {@code =} ({@code -p =-x}): the second alternative starts it at the
     * separator's last {@code =}, as a backtracking {@code [\s=]+} would, found by a loop that
     * stops before it rather than by giving characters back.
     */
    private static final Pattern LOGIN_PASSWORD =
            Pattern.compile(
                    "(\\blogin\\b.{0,200}?\\s-p)(?:([\\s=]++)(?!\\[REDACTED\\])[^\\s'\"-][^\\s'\"]*+"
                            + "|((?:\\s*+=(?=\\s*+=))*+\\s*+)(?<=[\\s=])(?!\\[REDACTED\\])=[^\\s'\"]*+)");

    /** Webhook URLs are their own credential; signed URLs carry theirs in the query. */
    private static final Pattern WEBHOOK_OR_SIGNATURE =
            Pattern.compile(
                    "(?i)((?:hooks\\.slack\\.com/(?:services|workflows|triggers)/|discord(?:app)?\\.com/api/webhooks/)"
                            + "|[?&](?:sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential)=)[^\\s&\"'<>]++");

    /** AWS access key IDs. */
    private static final Pattern AWS_KEY_ID =
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b");

    /** Token formats that announce themselves: GitHub, GitLab, npm, Slack, Stripe. */
    private static final Pattern KNOWN_TOKEN =
            Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{10,}+|github_pat_\\w{10,}+|glpat-[\\w-]{10,}+|npm_[A-Za-z0-9]{10,}+"
                            + "|xox[abprs]-[\\w-]{10,}+|[rs]k_(?:live|test)_\\w{10,}+)");

    /**
     * Anything that looks like a key: 32+ characters of a key alphabet, with letters and digits.
     * The lookbehind makes only a run's first character a start.
     */
    private static final Pattern LONG_KEY =
            Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{32,}+");

    private SecretScrubber() {}

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = AUTH_HEADER.matcher(text).replaceAll("$1$2" + REDACTED);
        s = SCHEME_TOKEN.matcher(s).replaceAll("$1$2" + REDACTED);
        s = URL_CREDENTIALS.matcher(s).replaceAll("$1" + REDACTED + "@");
        s = USER_FLAG.matcher(s).replaceAll("$1" + REDACTED);
        s = LOGIN_PASSWORD.matcher(s).replaceAll("$1$2$3" + REDACTED);
        s = WEBHOOK_OR_SIGNATURE.matcher(s).replaceAll("$1" + REDACTED);
        s = AWS_KEY_ID.matcher(s).replaceAll(REDACTED);
        s = KNOWN_TOKEN.matcher(s).replaceAll(REDACTED);
        s = NamedSecrets.scrubAssigned(s);
        s = NamedSecrets.scrubFlags(s);
        return scrubLongKeys(s);
    }

    private static String scrubLongKeys(String s) {
        Matcher m = LONG_KEY.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            // a key inside a path (/accounts/<key>/workers): just that segment goes
            String replacement = run.indexOf('/') >= 0 ? scrubSegments(run) : run;
            if (replacement.equals(run) && looksLikeKey(run)) {
                replacement = REDACTED;
            }
            if (replacement.equals(run)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append(replacement);
            last = m.end();
        }
        if (out == null) {
            return s;
        }
        return out.append(s, last, s.length()).toString();
    }

    private static String scrubSegments(String run) {
        String[] segments = run.split("/", -1);
        StringBuilder out = new StringBuilder(run.length());
        for (int i = 0; i < segments.length; i++) {
            out.append(i == 0 ? "" : "/")
                    .append(
                            segments[i].length() >= 32 && looksLikeKey(segments[i])
                                    ? REDACTED
                                    : segments[i]);
        }
        return out.toString();
    }

    /**
     * A key mixes letters and digits. A run with separators ({@code / - _ + =}) is a key if it is
     * hex (a UUID) or switches between lower case, upper case and digits often, as random text
     * does; a path or name made of words ({@code tests/e2e/checkout-flow-with-3ds-payment}) does
     * not.
     */
    private static boolean looksLikeKey(String run) {
        boolean letter = false;
        boolean digit = false;
        boolean separated = false;
        boolean hex = true;
        int chars = 0;
        int switches = 0;
        int previous = -1;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            int kind =
                    Character.isDigit(c)
                            ? 0
                            : Character.isUpperCase(c) ? 1 : Character.isLowerCase(c) ? 2 : -1;
            if (kind < 0) {
                separated = true;
                continue;
            }
            letter |= kind > 0;
            digit |= kind == 0;
            hex &= Character.digit(c, 16) >= 0;
            switches += previous >= 0 && kind != previous ? 1 : 0;
            previous = kind;
            chars++;
        }
        return letter && digit && (!separated || hex || switches >= 0.2 * chars);
    }
}
