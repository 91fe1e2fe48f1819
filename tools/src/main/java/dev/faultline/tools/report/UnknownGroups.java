package dev.faultline.tools.report;

import dev.faultline.operators.verdict.LineMasker;
import java.util.HashMap;
import java.util.Map;

/**
 * Failures no signature explains, grouped as the backfill summary groups them: by their first
 * evidence line with IDs, paths, numbers and quoted names masked ({@link LineMasker}). Each group
 * keeps a few example builds and the evidence of its first one, so a signature author can start
 * from real lines.
 */
final class UnknownGroups {
    /** The summary's own bound: past it, new lines are counted but not grouped. */
    static final int MAX_DISTINCT = 100_000;

    static final int EXAMPLES = 3;

    /**
     * Longest evidence line or build ID a group keeps: lines may be up to 64 KiB, and 100,000
     * groups of them would not fit in memory.
     */
    static final int MAX_CHARS = 1_000;

    static final class Group {
        final String line;
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final String[] examples = new String[EXAMPLES];
        int exampleCount;
        String[] evidence;

        Group(String line) {
            this.line = line;
        }
    }

    private final Map<String, Group> groups = new HashMap<>();
    long ungrouped;
    long withoutEvidence;

    void add(VerdictLine v, long millis, boolean timed) {
        if (v.evidenceCount == 0) {
            withoutEvidence++;
            return;
        }
        String key = LineMasker.mask(v.evidence[0]);
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= MAX_DISTINCT) {
                ungrouped++;
                return;
            }
            g = new Group(key);
            String[] evidence = new String[v.evidenceCount];
            for (int i = 0; i < v.evidenceCount; i++) {
                evidence[i] = cut(v.evidence[i]);
            }
            g.evidence = evidence;
            groups.put(key, g);
        }
        g.count++;
        if (g.exampleCount < EXAMPLES) {
            g.examples[g.exampleCount++] = cut(v.buildId);
        }
        if (timed) {
            g.first = Math.min(g.first, millis);
            g.last = Math.max(g.last, millis);
        }
    }

    static String cut(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "…";
    }

    /** Adds the groups of a later part of the same file. */
    void merge(UnknownGroups later) {
        ungrouped += later.ungrouped;
        withoutEvidence += later.withoutEvidence;
        for (Group o : later.groups.values()) {
            Group g = groups.get(o.line);
            if (g == null) {
                if (groups.size() >= MAX_DISTINCT) {
                    ungrouped += o.count;
                    continue;
                }
                groups.put(o.line, o);
                continue;
            }
            g.count += o.count;
            g.first = Math.min(g.first, o.first);
            g.last = Math.max(g.last, o.last);
            for (int i = 0; i < o.exampleCount && g.exampleCount < EXAMPLES; i++) {
                g.examples[g.exampleCount++] = o.examples[i];
            }
        }
    }

    Map<String, Group> all() {
        return groups;
    }
}
