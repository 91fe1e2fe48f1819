package dev.faultline.tools.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds per hour: how many ended, with which outcome, and the failures by category and by fault.
 * One bucket per hour that had a build, whatever the number of builds in it.
 */
final class TimeBuckets {
    static final long HOUR_MILLIS = 3_600_000L;

    /** Stacking order of the charts: the build's own steps first, then the platform's. */
    static final List<String> CATEGORIES =
            List.of(
                    "initialization",
                    "clone",
                    "tool_installation",
                    "dependency_installation",
                    "build_command",
                    "deploy_command",
                    "timeout",
                    "health_check",
                    "internal",
                    "unknown");

    static final List<String> OUTCOMES = List.of("success", "failure", "canceled", "unknown");
    static final List<String> FAULTS = List.of("platform", "user", "unknown");

    /** Counts of one hour. */
    static final class Bucket {
        final long[] outcomes = new long[OUTCOMES.size()];
        final long[] categories = new long[CATEGORIES.size()];
        final long[] faults = new long[FAULTS.size()];

        long builds() {
            long n = 0;
            for (long c : outcomes) {
                n += c;
            }
            return n;
        }

        void addAll(Bucket other) {
            add(outcomes, other.outcomes);
            add(categories, other.categories);
            add(faults, other.faults);
        }

        private static void add(long[] into, long[] from) {
            for (int i = 0; i < into.length; i++) {
                into[i] += from[i];
            }
        }
    }

    private final Map<Long, Bucket> hours = new HashMap<>();
    // Verdicts come roughly in time order: most lines hit the bucket of the line before.
    private long lastHour = Long.MIN_VALUE;
    private Bucket last;

    void add(long millis, VerdictLine v) {
        long hour = Math.floorDiv(millis, HOUR_MILLIS);
        if (hour != lastHour) {
            last = hours.computeIfAbsent(hour, h -> new Bucket());
            lastHour = hour;
        }
        last.outcomes[index(OUTCOMES, v.outcome)]++;
        if ("failure".equals(v.outcome)) {
            last.categories[index(CATEGORIES, v.category)]++;
            last.faults[index(FAULTS, v.fault)]++;
        }
    }

    /** Adds another part of the same file's counts. */
    void merge(TimeBuckets other) {
        other.hours.forEach((h, b) -> hours.computeIfAbsent(h, k -> new Bucket()).addAll(b));
        lastHour = Long.MIN_VALUE;
    }

    Map<Long, Bucket> hours() {
        return hours;
    }

    /**
     * Position of {@code value} in {@code names}; values outside the vocabulary count as the last
     * ("unknown").
     */
    static int index(List<String> names, String value) {
        int i = value == null ? -1 : names.indexOf(value);
        return i >= 0 ? i : names.size() - 1;
    }
}
