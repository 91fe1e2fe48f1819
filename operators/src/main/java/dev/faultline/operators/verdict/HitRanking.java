package dev.faultline.operators.verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders candidate causes: the strongest signature first, and among equals the earliest line,
 * because the first statement of a failure is its cause and later lines tend to repeat it.
 */
final class HitRanking {
    static final Comparator<HitRecord> SIGNATURES =
            Comparator.comparingInt((HitRecord h) -> -h.severityRank)
                    .thenComparingLong(h -> h.line)
                    // On one line, a multi-line match is the more specific explanation. CEP matches
                    // and line hits arrive on different paths, so arrival order must not decide
                    // this.
                    .thenComparingInt(h -> h.contextLines != null ? 0 : 1)
                    .thenComparing(h -> h.contextLines != null ? h.signatureId : "");

    /**
     * Error-like lines kept when there are too many: the first line of each shape (a test runner's
     * first failure, a linter's first finding; later ones repeat it), then the most error-like,
     * then the earliest.
     */
    static final Comparator<HitRecord> ERROR_LINES =
            Comparator.comparingInt((HitRecord h) -> h.shapeOrdinal == 0 ? 0 : 1)
                    .thenComparingInt(h -> -h.score)
                    .thenComparingLong(h -> h.line);

    private HitRanking() {}

    /** The {@code max} best of {@code records} in {@code order} (null: none). */
    static List<HitRecord> best(Iterable<HitRecord> records, Comparator<HitRecord> order, int max) {
        List<HitRecord> all = new ArrayList<>();
        if (records != null) {
            records.forEach(all::add);
        }
        all.sort(order);
        return all.size() > max ? new ArrayList<>(all.subList(0, max)) : all;
    }
}
