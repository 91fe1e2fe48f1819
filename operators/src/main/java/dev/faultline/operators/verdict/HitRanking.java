package dev.faultline.operators.verdict;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders candidate causes: the strongest signature first, and among equals the earliest line, because
 * the first statement of a failure is its cause and later lines tend to repeat it.
 */
final class HitRanking {
    static final Comparator<HitRecord> SIGNATURES =
            Comparator.comparingInt((HitRecord h) -> -h.severityRank)
                    .thenComparingLong(h -> h.line)
                    // On one line, a multi-line match is the more specific explanation. CEP matches and
                    // line hits arrive on different paths, so arrival order must not decide this.
                    .thenComparingInt(h -> h.contextLines != null ? 0 : 1)
                    .thenComparing(h -> h.contextLines != null ? h.signatureId : "");
    /** Error-like lines: the most error-like first, and among equals the one nearest the failure. */
    static final Comparator<HitRecord> ERROR_LINES =
            Comparator.comparingInt((HitRecord h) -> -h.score).thenComparingLong(h -> -h.line);

    private HitRanking() {}

    /**
     * Adds {@code hit} to a bounded array kept in rank order; when full, the lowest-ranked record is
     * dropped (possibly {@code hit} itself). Returns the new array.
     */
    static HitRecord[] addBounded(HitRecord[] records, HitRecord hit, int max, Comparator<HitRecord> order) {
        HitRecord[] next = Arrays.copyOf(records, records.length + 1);
        next[records.length] = hit;
        Arrays.sort(next, order);
        return next.length > max ? Arrays.copyOf(next, max) : next;
    }
}
