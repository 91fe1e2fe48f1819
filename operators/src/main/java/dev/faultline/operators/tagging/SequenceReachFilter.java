package dev.faultline.operators.tagging;

import dev.faultline.operators.BoundedLruMap;
import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import java.util.HashMap;
import java.util.Map;

/**
 * Removes sequence-step tags that cannot take part in any match, before the lines cross the key-by
 * into the CEP operators.
 *
 * <p>Why: event-time CEP keeps every line it is given in RocksDB until the watermark passes it, and
 * pays a RocksDB seek per line when it does; a broad later step (e.g. "any {@code npm error} line")
 * tags dozens of lines per failed build. Profiling a 100k-build backfill put one CEP operator at a
 * whole core and ~40% of all CPU. A step {@code k > 1} line can only match within {@code maxLines}
 * after a step {@code k-1} line that can itself match, so a line with no such predecessor in reach
 * loses the tag (the line itself still goes on to per-build state if it carries anything else). A
 * "not followed by" line only matters within reach of an earlier step. Step-1 lines always pass.
 *
 * <p>Exact only when the filter has seen the build's lines from line 1 on and in order, which holds
 * for a backfill (one reader reads a whole log file in order). A build first seen past line 1
 * (evicted from the bounded memory, or restarted) and any line at or behind the last one seen keep
 * all their tags: the filter never drops what it cannot prove unreachable.
 */
final class SequenceReachFilter {
    static final int MAX_BUILDS = 50_000;

    /**
     * First-step lines of one sequence that one build may start matches with. Each such line is a
     * partial match CEP keeps (and tests every later line against) until it completes or expires: a
     * log repeating a first step 100,000 times would hold 100,000 of them. Real logs start a
     * sequence a handful of times; the first ones are kept, the rest are counted as dropped.
     */
    static final int MAX_FIRST_STEPS = 256;

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

    /**
     * What one build has shown so far: last line seen, and per sequence the last kept line per
     * step.
     */
    private static final class Seen {
        /** Followed from line 1 in order, so unreachable tags can be proven so. */
        final boolean exact;

        long lastSeq;
        final Map<String, long[]> keptStep = new HashMap<>(4);

        /** First-step lines kept per sequence (see {@link #MAX_FIRST_STEPS}). */
        final Map<String, int[]> firstSteps = new HashMap<>(4);

        Seen(boolean exact) {
            this.exact = exact;
        }
    }

    private final Map<String, Reach> reach = new HashMap<>();
    private final Map<String, Seen> builds = new BoundedLruMap<>(MAX_BUILDS);
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

    /**
     * Removes unreachable step tags from {@code line} (in place); {@code steps} becomes null if
     * none is left.
     */
    void apply(TaggedLine line) {
        if (line.seq == 1) {
            Seen fresh = new Seen(true);
            fresh.lastSeq = 1;
            builds.put(line.buildId, fresh);
        }
        if (line.steps == null || line.steps.length == 0) {
            return;
        }
        Seen seen = builds.get(line.buildId);
        if (seen == null) {
            // Not followed from line 1: no tag can be proven unreachable, but first steps are
            // still counted against their cap.
            seen = new Seen(false);
            builds.put(line.buildId, seen);
        }
        boolean exact = seen.exact && (line.seq > seen.lastSeq || line.seq == 1);
        if (exact) {
            seen.lastSeq = line.seq;
        }
        // Decide every tag against what came before this line, then record the kept ones: a line
        // that carries two steps of one sequence may complete an earlier match with the later step.
        Tag[] tags = new Tag[line.steps.length];
        boolean[] keep = new boolean[line.steps.length];
        int kept = 0;
        for (int i = 0; i < line.steps.length; i++) {
            tags[i] = parse(line.steps[i]);
            keep[i] =
                    (!exact || keep(seen, tags[i], line.seq)) && withinFirstStepCap(seen, tags[i]);
            kept += keep[i] ? 1 : 0;
        }
        if (exact) {
            for (int i = 0; i < line.steps.length; i++) {
                if (keep[i]) {
                    remember(seen, tags[i], line.seq);
                }
            }
        }
        if (kept < line.steps.length) {
            tagsDropped += line.steps.length - kept;
            String[] left = new String[kept];
            for (int i = 0, j = 0; i < line.steps.length; i++) {
                if (keep[i]) {
                    left[j++] = line.steps[i];
                }
            }
            line.steps = kept == 0 ? null : left;
        }
    }

    /**
     * Counts a first-step tag; false once its sequence has {@link #MAX_FIRST_STEPS} in this build.
     */
    private static boolean withinFirstStepCap(Seen seen, Tag tag) {
        if (tag.reach == null || tag.index != 0) {
            return true;
        }
        int[] count = seen.firstSteps.computeIfAbsent(tag.sequenceId, k -> new int[1]);
        if (count[0] >= MAX_FIRST_STEPS) {
            return false;
        }
        count[0]++;
        return true;
    }

    /**
     * A step tag ({@code sequenceId#k} or {@code sequenceId#not}) as parsed; {@code reach} null:
     * not ours.
     */
    private record Tag(String sequenceId, Reach reach, int index, boolean not) {}

    private Tag parse(String key) {
        int hash = key.lastIndexOf('#');
        if (hash < 0) {
            return new Tag(null, null, -1, false);
        }
        String sequenceId = key.substring(0, hash);
        String step = key.substring(hash + 1);
        Reach r = reach.get(sequenceId);
        return new Tag(sequenceId, r, r == null ? -1 : stepIndex(step, r), step.equals("not"));
    }

    /** Whether {@code tag} on line {@code seq} can take part in a match. */
    private static boolean keep(Seen seen, Tag tag, long seq) {
        if (tag.reach == null) {
            return true;
        }
        long[] kept = seen.keptStep.get(tag.sequenceId);
        if (tag.not) {
            // Matters only between two steps, i.e. within reach after a kept non-final step.
            if (kept == null) {
                return false;
            }
            for (int i = 0; i < kept.length - 1; i++) {
                if (kept[i] > 0 && seq - kept[i] <= tag.reach.maxReach) {
                    return true;
                }
            }
            return false;
        }
        int index = tag.index;
        if (index <= 0) {
            return true; // a first step always may start a match (and an unknown step is kept)
        }
        // CEP's followedBy takes the first step-k line after the step-(k-1) line it waits on, so a
        // step-k line is needed only within reach of the last kept step-(k-1) line and if no kept
        // step-k line came after that one (every earlier step-(k-1) line is then waiting too, or
        // already served).
        long previous = kept == null ? 0 : kept[index - 1];
        return previous > 0
                && seq - previous <= tag.reach.maxLines[index]
                && kept[index] < previous;
    }

    private static void remember(Seen seen, Tag tag, long seq) {
        if (tag.reach == null || tag.index < 0) {
            return;
        }
        seen.keptStep
                        .computeIfAbsent(tag.sequenceId, k -> new long[tag.reach.maxLines.length])[
                        tag.index] =
                seq;
    }

    /** 0-based step index of {@code step} ("1", "2", ...), or -1 for "not" or anything unknown. */
    private static int stepIndex(String step, Reach r) {
        int index;
        try {
            index = Integer.parseInt(step) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
        return index >= 0 && index < r.maxLines.length ? index : -1;
    }
}
