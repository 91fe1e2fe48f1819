package dev.faultline.connectors.archive;

import dev.faultline.schemas.LogLine;

/**
 * Splits an archived line into its optional timestamp prefix and its text: {@code ISO8601<TAB>text}
 * (Workers Builds), or {@code ISO8601Z text} with a space, as GitHub Actions writes its raw logs
 * ({@code 2024-05-01T10:00:00.1234567Z ##[group]Run npm test}); with a space the instant must end
 * in {@code Z}, so a line that merely starts with a date keeps it.
 */
final class LogLineParser {
    private static final int MAX_TIMESTAMP_CHARS = 40;

    private LogLineParser() {}

    static LogLine parse(String buildId, long seq, String raw) {
        int limit = Math.min(raw.length(), MAX_TIMESTAMP_CHARS + 1);
        int tab = -1;
        int space = -1;
        for (int i = 0; i < limit && tab < 0; i++) {
            char c = raw.charAt(i);
            if (c == '\t') {
                tab = i;
            } else if (c == ' ' && space < 0) {
                space = i;
            }
        }
        int sep =
                splitAt(
                        tab,
                        space,
                        tab >= 20 && looksLikeIsoInstant(raw, tab),
                        space >= 20
                                && raw.charAt(space - 1) == 'Z'
                                && looksLikeIsoInstant(raw, space));
        return sep < 0
                ? new LogLine(buildId, seq, null, raw)
                : new LogLine(buildId, seq, raw.substring(0, sep), raw.substring(sep + 1));
    }

    /** The tab after a timestamp, else the space after a UTC one, else -1. */
    private static int splitAt(
            int tab, int space, boolean tabAfterStamp, boolean spaceAfterUtcStamp) {
        if (tab >= 0 && tab <= MAX_TIMESTAMP_CHARS && tabAfterStamp) {
            return tab;
        }
        return space >= 0 && space <= MAX_TIMESTAMP_CHARS && spaceAfterUtcStamp ? space : -1;
    }

    /**
     * The splitter's current line, split before it is decoded: the timestamp and the text become
     * two strings straight from the bytes, instead of a whole-line string and two copies cut from
     * it. A prefix that is not plain ASCII (where byte and character positions differ) takes the
     * string path.
     */
    static LogLine parse(String buildId, long seq, LineSplitter line) {
        byte[] b = line.bytes();
        int off = line.offset();
        int len = line.length();
        int limit = Math.min(len, MAX_TIMESTAMP_CHARS + 1);
        int tab = -1;
        int space = -1;
        for (int i = 0; i < limit && tab < 0; i++) {
            byte c = b[off + i];
            if (c == '\t') {
                tab = i;
            } else if (c == ' ' && space < 0) {
                space = i;
            } else if (c < 0) {
                return parse(buildId, seq, line.text(0, len));
            }
        }
        int sep =
                splitAt(
                        tab,
                        space,
                        tab >= 20 && looksLikeIsoInstant(b, off, tab),
                        space >= 20
                                && b[off + space - 1] == 'Z'
                                && looksLikeIsoInstant(b, off, space));
        if (sep >= 0) {
            return new LogLine(buildId, seq, line.text(0, sep), line.text(sep + 1, len));
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

    /**
     * {@code YYYY-MM-DDTHH:MM:SS…}: cheap shape check; the full parse happens where time is used.
     */
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
