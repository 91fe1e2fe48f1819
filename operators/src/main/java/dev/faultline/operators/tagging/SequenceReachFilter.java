package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes sequence-step tags that cannot take part in any match, before the lines cross the key-by into
 * the CEP operators.
 *
 * <p>Why: event-time CEP keeps every line it is given in RocksDB until the watermark passes it, and
 * pays a RocksDB seek per line when it does; a broad later step (e.g. "any {@code npm error} line")
 * tags dozens of lines per failed build. Profiling a 100k-build backfill put one CEP operator at a whole
 * core and ~40% of all CPU. A step {@code k > 1} line can only match within {@code maxLines} after a step
 * {@code k-1} line that can itself match, so a line with no such predecessor in reach loses the tag
 * (the line itself still goes on to per-build state if it carries anything else). A "not followed by"
 * line only matters within reach of an earlier step. Step-1 lines always pass.
 *
 * <p>Exact only when the filter has seen the build's lines from line 1 on and in order, which holds
 * for a backfill (one reader reads a whole log file in order). A build first seen past line 1 (evicted
 * from the bounded memory, or restarted) and any line at or behind the last one seen keep all their
 * tags: the filter never drops what it cannot prove unreachable.
 */
final class SequenceReachFilter {
    static final int MAX_BUILDS = 50_000;

    /** Per sequence: maxLines of each step (index 0 unused) and the longest reach of any step. */
    private static final class Reach {
        final int[] maxLines;
        final int maxReach;

        Reach(SequenceRule rule) {
            maxLines = new int[rule.steps.length];
            int max = 0;
            for (int i = 1; i < rule.steps.length; i++) {
                maxLines[i] = rule.steps[i].maxLines;
                max = Math.max(max, maxLines[i]);
            }
            maxReach = max;
        }
    }

    /** What one build has shown so far: last line seen, and per sequence the last kept line per step. */
    private static final class Seen {
        long lastSeq;
        final Map<String, long[]> keptStep = new HashMap<>(4);
    }

    private final Map<String, Reach> reach = new HashMap<>();
    private final Map<String, Seen> builds =
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                    return size() > MAX_BUILDS;
                }
            };
    private long tagsDropped;

    SequenceReachFilter(SignatureCatalog catalog) {
        for (SequenceRule rule : catalog.sequences()) {
            reach.put(rule.id, new Reach(rule));
        }
    }

    /** How many step tags were removed so far. */
    long tagsDropped() {
        return tagsDropped;
    }

    /** Removes unreachable step tags from {@code line} (in place); {@code steps} becomes null if none is left. */
    void apply(TaggedLine line) {
        if (line.seq == 1) {
            Seen fresh = new Seen();
            fresh.lastSeq = 1;
            builds.put(line.buildId, fresh);
        }
        if (line.steps == null || line.steps.length == 0) {
            return;
        }
        Seen seen = builds.get(line.buildId);
        if (seen == null || line.seq <= seen.lastSeq && line.seq != 1) {
            return; // not followed from line 1, or out of order: keep everything
        }
        seen.lastSeq = line.seq;
        List<String> kept = null;
        for (int i = 0; i < line.steps.length; i++) {
            String key = line.steps[i];
            if (keep(seen, key, line.seq)) {
                if (kept != null) {
                    kept.add(key);
                }
            } else {
                tagsDropped++;
                if (kept == null) {
                    kept = new ArrayList<>(line.steps.length);
                    for (int j = 0; j < i; j++) {
                        kept.add(line.steps[j]);
                    }
                }
            }
        }
        if (kept != null) {
            line.steps = kept.isEmpty() ? null : kept.toArray(new String[0]);
        }
    }

    private boolean keep(Seen seen, String key, long seq) {
        int hash = key.lastIndexOf('#');
        String sequenceId = hash < 0 ? key : key.substring(0, hash);
        Reach r = reach.get(sequenceId);
        if (r == null || hash < 0) {
            return true;
        }
        String step = key.substring(hash + 1);
        long[] kept = seen.keptStep.get(sequenceId);
        if (step.equals("not")) {
            // Matters only between two steps, i.e. within reach after a kept non-final step.
            if (kept == null) {
                return false;
            }
            for (int i = 0; i < kept.length - 1; i++) {
                if (kept[i] > 0 && seq - kept[i] <= r.maxReach) {
                    return true;
                }
            }
            return false;
        }
        int index;
        try {
            index = Integer.parseInt(step) - 1;
        } catch (NumberFormatException e) {
            return true;
        }
        if (index < 0 || index >= r.maxLines.length) {
            return true;
        }
        boolean reachable = index == 0
                || kept != null && kept[index - 1] > 0 && seq - kept[index - 1] <= r.maxLines[index];
        if (reachable) {
            if (kept == null) {
                kept = new long[r.maxLines.length];
                seen.keptStep.put(sequenceId, kept);
            }
            kept[index] = seq;
        }
        return reachable;
    }
}
