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
