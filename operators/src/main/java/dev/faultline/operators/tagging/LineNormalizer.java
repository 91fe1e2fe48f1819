package dev.faultline.operators.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw log line into what a terminal would have shown: ANSI escape sequences removed, and
 * bare carriage-return progress updates split into their segments, so that colour codes or a
 * spinner in front of an error never stop a signature from matching.
 */
public final class LineNormalizer {
    private static final char ESC = '\u001b';

    private LineNormalizer() {}

    /**
     * Where the line's text ends: before a trailing CR (every line of a CRLF log has one), which
     * ends no segment.
     */
    static int textEnd(String raw) {
        int len = raw.length();
        return len > 0 && raw.charAt(len - 1) == '\r' ? len - 1 : len;
    }

    /**
     * Whether the line is one plain segment, {@code raw[0, textEnd(raw))}: no ESC, and no CR before
     * its end. Such a line can be read in place, without copying it.
     */
    static boolean isPlain(String raw) {
        int cr = raw.indexOf('\r');
        return raw.indexOf(ESC) < 0 && (cr < 0 || cr >= textEnd(raw));
    }

    /** Non-empty segments of the line, ANSI-free; a line without ESC or CR is returned as-is. */
    public static List<String> segments(String raw) {
        int end = textEnd(raw);
        if (isPlain(raw)) {
            return List.of(end == raw.length() ? raw : raw.substring(0, end));
        }
        String clean = stripAnsi(raw, end);
        int cr = clean.indexOf('\r');
        if (cr < 0) {
            return List.of(clean);
        }
        // Progress bars make long lines of many segments: find each CR in bulk, and look at a
        // segment's characters only to see whether it is blank.
        List<String> parts = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int stop = cr < 0 ? clean.length() : cr;
            if (stop > start && !isBlank(clean, start, stop)) {
                parts.add(clean.substring(start, stop));
            }
            if (cr < 0) {
                break;
            }
            start = cr + 1;
            cr = clean.indexOf('\r', start);
        }
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
    }

    /** {@code s.substring(from, to).isBlank()}, without the substring. */
    static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the first {@code limit} characters of the line show nothing but whitespace ({@code
     * display(raw.substring(0, limit)).isBlank()}), read in place up to its first visible character
     * (escape sequences and CRs stepped over), so it costs next to nothing for the lines that show
     * something, as nearly all do.
     */
    public static boolean isBlankShown(String raw, int limit) {
        int to = Math.min(raw.length(), limit);
        int i = 0;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == ESC) {
                i = escapeEnd(raw, i, to);
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The line as displayed: its last non-empty segment wins, as on a terminal. */
    public static String display(String raw) {
        List<String> parts = segments(raw);
        return parts.get(parts.size() - 1);
    }

    /**
     * Whether the line turns on bold or red (SGR 1, 31, 91, or a 256-colour red) anywhere: many
     * tools print their errors so, and a reader's eye goes there first.
     */
    public static boolean emphasized(String raw) {
        int to = raw.length();
        int esc = nextEscape(raw, 0, to);
        while (esc < to) {
            int end = escapeEnd(raw, esc, to);
            if (esc + 1 < to
                    && raw.charAt(esc + 1) == '['
                    && end <= to
                    && raw.charAt(end - 1) == 'm'
                    && emphasizing(raw, esc + 2, end - 1)) {
                return true;
            }
            esc = nextEscape(raw, Math.min(end, to), to);
        }
        return false;
    }

    /** Whether the SGR parameters {@code s[from, to)} (e.g. {@code 1;31}) include bold or red. */
    private static boolean emphasizing(String s, int from, int to) {
        int p = from;
        while (p <= to) {
            int semi = indexOf(s, ';', p, to);
            int len = semi - p;
            if ((len == 1 && s.charAt(p) == '1')
                    || (len == 2 && s.charAt(p) == '0' && s.charAt(p + 1) == '1')
                    || (len == 2
                            && (s.charAt(p) == '3' || s.charAt(p) == '9')
                            && s.charAt(p + 1) == '1')) {
                return true;
            }
            if (len == 2 && s.charAt(p) == '3' && s.charAt(p + 1) == '8') {
                // 38;5;N: the 256-colour reds (1, 9, 160, 196) count as red
                int a = semi + 1;
                int b = indexOf(s, ';', a, to);
                int c = indexOf(s, ';', b + 1, to);
                if (b - a == 1 && s.charAt(a) == '5') {
                    String n = s.substring(Math.min(b + 1, c), c);
                    if (n.equals("1") || n.equals("9") || n.equals("160") || n.equals("196")) {
                        return true;
                    }
                }
                return false;
            }
            p = semi + 1;
        }
        return false;
    }

    /** Removes CSI ({@code ESC [ ... final}), OSC ({@code ESC ] ... BEL}) and two-byte escapes. */
    public static String stripAnsi(String s) {
        return stripAnsi(s, s.length());
    }

    /** {@code stripAnsi(s.substring(0, n))}, without the substring. */
    static String stripAnsi(String s, int n) {
        return stripAnsi(s, 0, n);
    }

    /** {@code stripAnsi(s.substring(from, to))}, without the substring. */
    static String stripAnsi(String s, int from, int to) {
        int esc = nextEscape(s, from, to);
        if (esc == to) {
            return from == 0 && to == s.length() ? s : s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            // Copy the run up to the next escape in one go (colour codes are sparse in a line).
            int next = esc >= i ? esc : nextEscape(s, i, to);
            out.append(s, i, next);
            if (next == to) {
                break;
            }
            esc = -1;
            i = escapeEnd(s, next, to);
        }
        return out.toString();
    }

    /** Index of the next ESC in {@code s[from, to)}, or {@code to} when there is none. */
    static int nextEscape(String s, int from, int to) {
        return indexOf(s, ESC, from, to);
    }

    /** Index of the next CR in {@code s[from, to)}, or {@code to} when there is none. */
    static int nextCr(String s, int from, int to) {
        return indexOf(s, '\r', from, to);
    }

    private static int indexOf(String s, char c, int from, int to) {
        int at = s.indexOf(c, from);
        return at < 0 || at >= to ? to : at;
    }

    /**
     * Where the escape sequence that starts with the ESC at {@code esc} ends (exclusive), reading
     * no further than {@code to}; may be past {@code to} when the sequence is cut off there. CSI
     * ({@code ESC [ ... final}), OSC ({@code ESC ] ... BEL} or {@code ESC ] ... ESC \}), and other
     * escapes (intermediate bytes, then one final byte); an ESC at the very end is dropped alone.
     */
    static int escapeEnd(String s, int esc, int to) {
        if (esc + 1 >= to) {
            return to;
        }
        char kind = s.charAt(esc + 1);
        if (kind == '[') {
            int j = esc + 2;
            while (j < to && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) {
                j++;
            }
            return j + 1;
        } else if (kind == ']') {
            int j = esc + 2;
            while (j < to
                    && s.charAt(j) != '\u0007'
                    && !(s.charAt(j) == ESC && j + 1 < to && s.charAt(j + 1) == '\\')) {
                j++;
            }
            return (j < to && s.charAt(j) == ESC) ? j + 2 : j + 1;
        } else {
            // ESC, intermediate bytes (0x20-0x2F, e.g. '(' in ESC ( B), then one final byte.
            int j = esc + 1;
            while (j < to && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2f) {
                j++;
            }
            return j + 1;
        }
    }
}
