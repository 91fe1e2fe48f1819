package dev.faultline.tools.grep;

import dev.faultline.operators.catalog.LineRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The catalog's line rules as POSIX extended regular expressions, for {@code grep -E -f}: the
 * benchmark's floor ("look at every line once with the same patterns"). Java-only syntax is
 * translated ({@code (?<name>}, {@code (?:}, {@code \d}, {@code \s}, {@code \w}, lazy quantifiers);
 * a regex that cannot be expressed in ERE (look-around, back-references, inline flags) is replaced
 * by its literal, which keeps the amount of matching work comparable.
 */
public final class GrepPatterns {
    private GrepPatterns() {}

    public static List<String> of(SignatureCatalog catalog) {
        Set<String> out = new LinkedHashSet<>();
        for (LineRule r : catalog.rules()) {
            String ere = r.pattern == null ? null : toEre(r.pattern.pattern());
            if (ere != null) {
                out.add(ere);
            } else {
                for (String lit : r.literals) {
                    out.add(escape(lit));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The ERE form of a Java regex, or null when it has no ERE form. */
    static String toEre(String java) {
        if (java.contains("(?=")
                || java.contains("(?!")
                || java.contains("(?<=")
                || java.contains("(?<!")
                || java.matches(".*\\\\[1-9].*")
                || java.contains("(?i")
                || java.contains("\\Q")
                || java.contains("\\p{")
                || java.contains("\\z")
                || java.contains("\\A")
                || java.contains("(?s")
                || java.contains("(?m")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < java.length(); i++) {
            char c = java.charAt(i);
            if (c == '\\' && i + 1 < java.length()) {
                char n = java.charAt(++i);
                switch (n) {
                    case 'd':
                        b.append("[0-9]");
                        break;
                    case 'D':
                        b.append("[^0-9]");
                        break;
                    case 's':
                        b.append("[[:space:]]");
                        break;
                    case 'S':
                        b.append("[^[:space:]]");
                        break;
                    case 'w':
                        b.append("[[:alnum:]_]");
                        break;
                    case 'W':
                        b.append("[^[:alnum:]_]");
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'b':
                        b.append("\\b");
                        break;
                    default:
                        if (Character.isLetterOrDigit(n)) {
                            return null; // an escape ERE does not have
                        }
                        b.append('\\').append(n);
                }
            } else if (c == '(' && java.startsWith("(?<", i)) {
                int close = java.indexOf('>', i);
                b.append('(');
                i = close;
            } else if (c == '(' && java.startsWith("(?:", i)) {
                b.append('(');
                i += 2;
            } else if (c == '(' && java.startsWith("(?", i)) {
                return null;
            } else if ((c == '?' || c == '+')
                    && i > 0
                    && "*+?}".indexOf(java.charAt(i - 1)) >= 0
                    && java.charAt(i - 2 < 0 ? 0 : i - 2) != '\\') {
                // lazy or possessive quantifier: ERE has only greedy ones
            } else if (c == '[') {
                // character classes: copy, translating escapes inside
                int j = i + 1;
                StringBuilder cls = new StringBuilder("[");
                if (j < java.length() && java.charAt(j) == '^') {
                    cls.append('^');
                    j++;
                }
                boolean first = true;
                for (; j < java.length() && (java.charAt(j) != ']' || first); j++, first = false) {
                    char k = java.charAt(j);
                    if (k == '[') {
                        return null; // nested classes / intersections
                    }
                    if (k == '\\' && j + 1 < java.length()) {
                        char n = java.charAt(++j);
                        switch (n) {
                            case 'd':
                                cls.append("0-9");
                                break;
                            case 's':
                                cls.append("[:space:]");
                                break;
                            case 'w':
                                cls.append("[:alnum:]_");
                                break;
                            case 't':
                                cls.append('\t');
                                break;
                            case '\\':
                                cls.append("\\\\");
                                break;
                            default:
                                if (Character.isLetterOrDigit(n)) {
                                    return null;
                                }
                                cls.append(n);
                        }
                    } else {
                        cls.append(k);
                    }
                }
                if (j >= java.length()) {
                    return null;
                }
                b.append(cls).append(']');
                i = j;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String escape(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.[]()*+?{}|^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
