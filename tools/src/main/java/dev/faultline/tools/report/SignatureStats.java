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
        // Catalog IDs are short; a file from elsewhere must not fill memory with long ones.
        String id = UnknownGroups.cut(v.signature);
        Signature s = signatures.get(id);
        if (s == null) {
            if (signatures.size() >= MAX_DISTINCT) {
                dropped++;
                return;
            }
            s = new Signature(id);
            signatures.put(id, s);
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

    /** Adds the counts of a later part of the same file. */
    void merge(SignatureStats later) {
        dropped += later.dropped;
        for (Signature o : later.signatures.values()) {
            Signature s = signatures.get(o.id);
            if (s == null) {
                if (signatures.size() >= MAX_DISTINCT) {
                    dropped += o.count;
                    continue;
                }
                signatures.put(o.id, o);
                continue;
            }
            s.count += o.count;
            s.first = Math.min(s.first, o.first);
            s.last = Math.max(s.last, o.last);
            // The later part's values are the later verdicts', as a single pass would keep them.
            s.category = o.category != null ? o.category : s.category;
            s.fault = o.fault != null ? o.fault : s.fault;
            o.hourly.forEach(
                    (h, n) -> {
                        s.hourly.add(h, n);
                        return 0;
                    });
        }
    }

    Map<String, Signature> all() {
        return signatures;
    }
}
