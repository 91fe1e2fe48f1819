package dev.faultline.jobs.archive;

import dev.faultline.schemas.LogLine;

/** Splits an archived line into its optional {@code ISO8601<TAB>} timestamp prefix and its text. */
final class LogLineParser {
    private static final int MAX_TIMESTAMP_CHARS = 40;

    private LogLineParser() {}

    static LogLine parse(String buildId, long seq, String raw) {
        int tab = raw.indexOf('\t');
        if (tab >= 20 && tab <= MAX_TIMESTAMP_CHARS && looksLikeIsoInstant(raw, tab)) {
            return new LogLine(buildId, seq, raw.substring(0, tab), raw.substring(tab + 1));
        }
        return new LogLine(buildId, seq, null, raw);
    }

    /**
     * The splitter's current line, split before it is decoded: the timestamp and the text become two
     * strings straight from the bytes, instead of a whole-line string and two copies cut from it. A
     * prefix that is not plain ASCII (where byte and character positions differ) takes the string path.
     */
    static LogLine parse(String buildId, long seq, LineSplitter line) {
        byte[] b = line.bytes();
        int off = line.offset();
        int len = line.length();
        int limit = Math.min(len, MAX_TIMESTAMP_CHARS + 1);
        int tab = -1;
        for (int i = 0; i < limit; i++) {
            byte c = b[off + i];
            if (c == '\t') {
                tab = i;
                break;
            }
            if (c < 0) {
                return parse(buildId, seq, line.text(0, len));
            }
        }
        if (tab >= 20 && tab <= MAX_TIMESTAMP_CHARS && looksLikeIsoInstant(b, off, tab)) {
            return new LogLine(buildId, seq, line.text(0, tab), line.text(tab + 1, len));
        }
        return new LogLine(buildId, seq, null, line.text(0, len));
    }

    private static boolean looksLikeIsoInstant(byte[] b, int off, int end) {
        byte last = b[off + end - 1];
        return isDigit(b[off])
                && b[off + 4] == '-'
                && b[off + 7] == '-'
                && b[off + 10] == 'T'
                && b[off + 13] == ':'
                && b[off + 16] == ':'
                && (last == 'Z' || isDigit(last));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** {@code YYYY-MM-DDTHH:MM:SS…}: cheap shape check; the full parse happens where time is used. */
    static boolean looksLikeIsoInstant(String s, int end) {
        return Character.isDigit(s.charAt(0))
                && s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && s.charAt(10) == 'T'
                && s.charAt(13) == ':'
                && s.charAt(16) == ':'
                && (s.charAt(end - 1) == 'Z' || Character.isDigit(s.charAt(end - 1)));
    }
}
