package dev.faultline.tools.report;

import java.util.HashMap;
import java.util.Map;

/**
 * Per signature: how many verdicts carry it, when it was first and last seen, and its count per
 * hour for the trend line. Signatures come from the catalog (a few hundred); a verdicts file from
 * elsewhere with more distinct values stops adding new ones at {@link #MAX_DISTINCT} and counts the
 * rest.
 */
final class SignatureStats {
    static final int MAX_DISTINCT = 10_000;

    static final class Signature {
        final String id;
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String category;
        String fault;
        final LongCounts hourly = new LongCounts();

        Signature(String id) {
            this.id = id;
        }
    }

    private final Map<String, Signature> signatures = new HashMap<>();
    long dropped;

    /**
     * {@code millis} is {@link dev.faultline.schemas.Timestamps#NONE} when the verdict has no time.
     */
    void add(VerdictLine v, long millis, boolean timed) {
        Signature s = signatures.get(v.signature);
        if (s == null) {
            if (signatures.size() >= MAX_DISTINCT) {
                dropped++;
                return;
            }
            s = new Signature(v.signature);
            signatures.put(v.signature, s);
        }
        s.count++;
        if (v.category != null) {
            s.category = v.category;
        }
        if (v.fault != null) {
            s.fault = v.fault;
        }
        if (timed) {
            s.first = Math.min(s.first, millis);
            s.last = Math.max(s.last, millis);
            s.hourly.add(Math.floorDiv(millis, TimeBuckets.HOUR_MILLIS), 1);
        }
    }

    Map<String, Signature> all() {
        return signatures;
    }
}
