package dev.faultline.operators.alert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SOME_TOKEN=value}, {@code "password": "value"} and {@code --api-key value}: secrets that
 * follow a name saying what they are.
 *
 * <p>A scanner, not one regex, because the name may hold its keyword anywhere ({@code
 * CLOUDFLARE_API_TOKEN_V2}): a pattern {@code [\w.-]*token[\w.-]*} tried at every start of a long
 * run of name characters backtracks over the whole run from each start, which took seconds on a
 * 2,000-character line and grew with its cube. Here each maximal run of name characters is read
 * once, the keyword is looked for inside it with fixed-length comparisons, and what must follow the
 * name is one regex of possessive quantifiers tried once, at the run's end: linear in the text.
 */
final class NamedSecrets {
    /**
     * After a name: an optional quote, {@code =} or {@code :}, and a value of 6+ characters that is
     * neither a file's line:column ({@code tokenizer.js:1234:17}) nor the name of a secret ({@code
     * Missing secret: STRIPE_SECRET_KEY}). Every quantifier is possessive: nothing here can succeed
     * by giving characters back, so giving none back changes no match.
     */
    private static final Pattern ASSIGNED =
            Pattern.compile(
                    "(?i)[\"']?+\\s*+[=:]\\s*+(?<value>[\"']?+(?!\\[REDACTED\\])"
                            + "(?!(?<=\\.[A-Za-z0-9]{1,5}:)\\d++(?::\\d++)*+\\)?+(?![^\\s\"',;]))"
                            + "(?!(?-i:[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)++)(?![^\\s\"',;]))"
                            + "[^\\s\"',;]{6,}+[\"']?+)");

    /** After a {@code --flag} name: whitespace and a value of 6+ characters, not another flag. */
    private static final Pattern FLAG_VALUE =
            Pattern.compile("(?i)\\s++(?<value>(?!\\[REDACTED\\])[^\\s\"',;-][^\\s\"',;]{5,}+)");

    private static final String PASSWORD_STDIN = "password-stdin";

    private NamedSecrets() {}

    /** {@code NAME=value}, {@code "name": "value"}: the value (with its quotes) goes. */
    static String scrubAssigned(String s) {
        return scrub(s, ASSIGNED, false);
    }

    /** {@code --name value} (not {@code --password-stdin}): the value goes. */
    static String scrubFlags(String s) {
        return scrub(s, FLAG_VALUE, true);
    }

    private static String scrub(String s, Pattern after, boolean flags) {
        Matcher m = after.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int last = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isNameChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isNameChar(s.charAt(i))) {
                i++;
            }
            int end = i;
            int keyword = lastKeyword(s, start, end);
            if (keyword < 0 || (flags && !flagBefore(s, start, keyword))) {
                continue;
            }
            m.region(end, n);
            if (!m.lookingAt()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, last, m.start("value")).append(SecretScrubber.REDACTED);
            last = m.end();
            // like a regex's replaceAll, the next name may start right where this value ended
            i = m.end();
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    /** {@code [\w.-]}: what a name (an environment variable, a JSON key, a flag) is made of. */
    private static boolean isNameChar(char c) {
        return isWordChar(c) || c == '.' || c == '-';
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_';
    }

    /**
     * Where the last secret keyword in {@code s[from, to)} starts, or -1: token, secret,
     * pass(wor)d, api/access/private key (with or without {@code _} or {@code -}).
     */
    static int lastKeyword(String s, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (keywordAt(s, i, to)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean keywordAt(String s, int i, int to) {
        return word(s, i, to, "token") >= 0
                || word(s, i, to, "secret") >= 0
                || word(s, i, to, "password") >= 0
                || word(s, i, to, "passwd") >= 0
                || key(s, word(s, i, to, "api"), to)
                || key(s, word(s, i, to, "access"), to)
                || key(s, word(s, i, to, "private"), to);
    }

    /** {@code [_-]?key} at {@code i} (a prefix's end, or -1 when there was no prefix). */
    private static boolean key(String s, int i, int to) {
        if (i < 0) {
            return false;
        }
        if (i < to
                && (s.charAt(i) == '_' || s.charAt(i) == '-')
                && word(s, i + 1, to, "key") >= 0) {
            return true;
        }
        return word(s, i, to, "key") >= 0;
    }

    /**
     * The end of {@code w} at {@code i} (ASCII case ignored) if it fits before {@code to}, else -1.
     */
    private static int word(String s, int i, int to, String w) {
        return i + w.length() <= to && s.regionMatches(true, i, w, 0, w.length())
                ? i + w.length()
                : -1;
    }

    /**
     * A {@code --} in the run before its keyword, and not {@code --password-stdin} (which names no
     * secret: the secret comes on standard input).
     */
    private static boolean flagBefore(String s, int start, int keyword) {
        for (int p = start; p + 2 <= keyword; p++) {
            if (s.charAt(p) == '-' && s.charAt(p + 1) == '-' && !passwordStdinAt(s, p + 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passwordStdinAt(String s, int i) {
        int end = word(s, i, s.length(), PASSWORD_STDIN);
        return end >= 0 && (end == s.length() || !isWordChar(s.charAt(end)));
    }
}
