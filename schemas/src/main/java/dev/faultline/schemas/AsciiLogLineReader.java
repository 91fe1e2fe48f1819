package dev.faultline.schemas;

import java.nio.charset.StandardCharsets;

/**
 * Reads the commonest {@code build-logs} record straight from its bytes: one object of the four
 * known fields, every string printable ASCII without an escape. Most log lines are that, and for
 * them this skips the JSON parser's per-record set-up and its character-by-character string
 * decoding (about a tenth of the live job's task CPU went to parsing lines).
 *
 * <p>It answers null for anything else (an escape, a byte outside printable ASCII, an unknown or
 * repeated field, a number that is not a plain positive integer, a syntax error) and {@link
 * Json#parseLogLine} reads the record the usual way: what this reads, the mapper reads the same,
 * and the mapper alone decides what is an error.
 */
final class AsciiLogLineReader {
    /** The known fields, by their index in {@link #FIELDS}. */
    private static final int BUILD_ID = 0;

    private static final int SEQ = 1;
    private static final int TIMESTAMP = 2;
    private static final int TEXT = 3;
    private static final byte[][] FIELDS = {
        ascii("buildId"), ascii("seq"), ascii("timestamp"), ascii("text")
    };
    private static final byte[] NULL = ascii("null");

    /** Digits of a {@code seq} that always fit a long. */
    private static final int MAX_SEQ_DIGITS = 18;

    private final byte[] b;
    private int i;

    private AsciiLogLineReader(byte[] bytes) {
        this.b = bytes;
    }

    /** The line, or null when the record is not this plain ASCII shape. */
    static LogLine read(byte[] bytes) {
        return new AsciiLogLineReader(bytes).object();
    }

    private LogLine object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        LogLine line = new LogLine();
        int seen = 0; // a bit per field read
        skipSpace();
        if (!take('}')) {
            while (true) {
                int nameStart = i + 1;
                int nameEnd = stringEnd();
                if (nameEnd < 0) {
                    return null;
                }
                skipSpace();
                if (!take(':')) {
                    return null;
                }
                skipSpace();
                int field = field(nameStart, nameEnd);
                if (field < 0 || (seen & (1 << field)) != 0) {
                    return null; // an unknown or a repeated field: the usual way decides
                }
                seen |= 1 << field;
                if (field == SEQ) {
                    line.seq = seq();
                    if (line.seq < 0) {
                        return null;
                    }
                } else if (!isNull()) {
                    String value = string();
                    if (value == null) {
                        return null;
                    }
                    set(line, field, value);
                }
                skipSpace();
                if (take('}')) {
                    break;
                }
                if (!take(',')) {
                    return null;
                }
                skipSpace();
            }
        }
        skipSpace();
        return i == b.length ? line : null;
    }

    /**
     * Reads the string at {@link #i} and returns where its content ends (its closing quote is
     * consumed); -1 when there is no string there or it has an escape or a byte outside printable
     * ASCII.
     */
    private int stringEnd() {
        if (!take('"')) {
            return -1;
        }
        for (; i < b.length; i++) {
            int c = b[i];
            if (c == '"') {
                return i++;
            }
            if (c == '\\' || c < 0x20) { // negative: a UTF-8 byte of a non-ASCII character
                return -1;
            }
        }
        return -1;
    }

    private static void set(LogLine line, int field, String value) {
        switch (field) {
            case BUILD_ID -> line.buildId = value;
            case TIMESTAMP -> line.timestamp = value;
            case TEXT -> line.text = value;
            default -> throw new IllegalArgumentException("not a string field: " + field);
        }
    }

    /** Which known field the name in {@code b[start, end)} is, or -1. */
    private int field(int start, int end) {
        for (int f = 0; f < FIELDS.length; f++) {
            if (is(start, end, FIELDS[f])) {
                return f;
            }
        }
        return -1;
    }

    private String string() {
        int start = i + 1;
        int end = stringEnd();
        return end < 0 ? null : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** A positive integer without leading zeros that fits a long; -1 for anything else. */
    private long seq() {
        int start = i;
        long n = 0;
        for (; i < b.length && b[i] >= '0' && b[i] <= '9'; i++) {
            n = n * 10 + (b[i] - '0');
        }
        int digits = i - start;
        if (digits == 0 || digits > MAX_SEQ_DIGITS || (b[start] == '0' && digits > 1)) {
            return -1;
        }
        // "1.5", "1e3" and "12abc" are not plain integers: the usual way decides
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || isAlphanumeric(b[i]))) {
            return -1;
        }
        return n;
    }

    private boolean isNull() {
        if (i + NULL.length <= b.length && is(i, i + NULL.length, NULL)) {
            int after = i + NULL.length;
            if (after == b.length || !isAlphanumeric(b[after])) {
                i = after;
                return true;
            }
        }
        return false;
    }

    private static boolean isAlphanumeric(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private boolean is(int start, int end, byte[] name) {
        if (end - start != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean take(char c) {
        if (i < b.length && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
