package dev.faultline.schemas;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses the ISO-8601 UTC instants log lines carry ({@code 2025-05-29T13:00:01.123Z}) without the
 * cost of {@link Instant#parse}, which builds formatter state on every call and showed up in
 * profiles of the per-line path. Anything that is not that exact shape falls back to {@link
 * Instant#parse}.
 */
public final class Timestamps {
    /** Returned when the text is not a timestamp. */
    public static final long NONE = Long.MIN_VALUE;

    private Timestamps() {}

    /** Epoch milliseconds of {@code iso}, or {@link #NONE}. */
    public static long parseMillis(String iso) {
        if (iso == null) {
            return NONE;
        }
        long fast = fast(iso);
        if (fast != NONE) {
            return fast;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: a valid instant beyond what epoch millis can hold, such as
            // +300000000-01-01T00:00:00Z
            return NONE;
        }
    }

    /** {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} only. */
    private static long fast(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(n - 1) != 'Z'
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NONE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return NONE;
        }
        int millis = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return NONE;
            }
            int frac = n - 21;
            for (int i = 0; i < 3; i++) {
                int d = i < frac ? s.charAt(20 + i) - '0' : 0;
                if (d < 0 || d > 9) {
                    return NONE;
                }
                millis = millis * 10 + d;
            }
            for (int i = 3; i < frac; i++) {
                char c = s.charAt(20 + i);
                if (c < '0' || c > '9') {
                    return NONE;
                }
            }
        }
        if (day > daysInMonth(year, month)) {
            return NONE;
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
