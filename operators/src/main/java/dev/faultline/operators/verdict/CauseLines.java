package dev.faultline.operators.verdict;

import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.CandidateSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decided build's candidate cause lines, gathered from its state: every line with a signature
 * hit, the error-like lines kept, and the failing step's last lines, each line once, with what the
 * ranker reads of it ({@link Candidate}) and the hit records that cite it.
 */
final class CauseLines {
    final CandidateSet set;

    /** Hit records by line (several signatures, or a multi-line match, can cite one line). */
    final Map<Long, List<HitRecord>> hitsByLine = new HashMap<>();

    private CauseLines(CandidateSet set) {
        this.set = set;
    }

    static CauseLines of(String buildId, BuildState s) {
        CandidateSet set = new CandidateSet();
        set.buildId = buildId;
        set.failedAt = s.failedAt;
        set.blockStart = s.blockStart;
        set.lines = s.lines;
        CauseLines c = new CauseLines(set);
        Map<Long, Candidate> byLine = new HashMap<>();
        // The first line of each severity, over every hit the state still knows of.
        long[] firstOfSeverity = new long[8];
        java.util.Arrays.fill(firstOfSeverity, Long.MAX_VALUE);
        for (HitRecord r : s.hits) {
            noteSeverity(firstOfSeverity, r.severityRank, r.line);
        }
        for (TailLine t : s.tail) {
            noteSeverity(firstOfSeverity, t.severity, t.line);
        }
        for (HitRecord r : s.hits) {
            c.hitsByLine.computeIfAbsent(r.line, k -> new ArrayList<>(2)).add(r);
            Candidate k = byLine.get(r.line);
            if (k == null) {
                byLine.put(r.line, k = fromRecord(r, s));
            }
            k.severity = Math.max(k.severity, r.severityRank);
            k.errorScore = Math.max(k.errorScore, r.score);
            k.errorLike = true;
        }
        for (HitRecord r : s.errorLines) {
            Candidate k = byLine.get(r.line);
            if (k == null) {
                byLine.put(r.line, k = fromRecord(r, s));
            }
            k.errorScore = Math.max(k.errorScore, r.score);
            k.errorLike = true;
            k.firstErrorLine |= r.ordinal == 0;
        }
        Candidate previous = null;
        for (TailLine t : s.tail) {
            Candidate k = byLine.get(t.line);
            boolean errorLike = t.severity > 0 || t.score > 0;
            if (k == null && !errorLike && t.line <= s.blockStart) {
                // A plain line of an earlier step: the tail is there for the failing step's own
                // lines.
                previous = null;
                continue;
            }
            if (k == null) {
                k = new Candidate();
                k.line = t.line;
                k.text = t.text;
                k.emphasized = t.emphasized;
                k.severity = t.severity;
                k.errorScore = t.score;
                k.errorLike = errorLike;
                k.firstErrorLine = t.severity == 0 && t.score > 0 && t.ordinal == 0;
                k.shapeOrdinal = t.shapeOrdinal;
                k.shapeCount = shapeCount(s, t.shapeOrdinal, t.shapeHash);
                byLine.put(t.line, k);
            }
            // A tail line's follow line is the next tail line, when the state kept no other.
            if (previous != null && previous.followText == null) {
                previous.followLine = t.line;
                previous.followText = t.text;
            }
            previous = k;
        }
        set.candidates.addAll(byLine.values());
        set.candidates.sort(Comparator.comparingLong(k -> k.line));
        for (Candidate k : set.candidates) {
            k.firstOfSeverity =
                    k.severity > 0
                            && k.severity < firstOfSeverity.length
                            && firstOfSeverity[k.severity] == k.line;
        }
        return c;
    }

    private static void noteSeverity(long[] first, int severity, long line) {
        if (severity > 0 && severity < first.length && line < first[severity]) {
            first[severity] = line;
        }
    }

    private static Candidate fromRecord(HitRecord r, BuildState s) {
        Candidate k = new Candidate();
        k.line = r.line;
        k.text = r.text;
        k.emphasized = r.emphasized;
        k.shapeOrdinal = r.shapeOrdinal;
        k.shapeCount = shapeCount(s, r.shapeOrdinal, r.shapeHash);
        k.followLine = r.followLine;
        k.followText = r.followText;
        return k;
    }

    private static int shapeCount(BuildState s, int shapeOrdinal, int shapeHash) {
        if (shapeOrdinal < 0 || s.shapeHashes == null) {
            return 1;
        }
        for (int i = 0; i < s.shapes; i++) {
            if (s.shapeHashes[i] == shapeHash) {
                return s.shapeCounts[i];
            }
        }
        return 1;
    }
}
