package dev.faultline.operators.verdict;

import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.CandidateSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A decided build's candidate cause lines, gathered from its state: every line with a signature hit,
 * the error-like lines kept, and the failing step's last lines, each line once, with what the ranker
 * reads of it ({@link Candidate}) and the hit records that cite it.
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
        TreeMap<Long, Candidate> byLine = new TreeMap<>();
        // The first line of each severity, over every hit the state still knows of.
        Map<Integer, Long> firstOfSeverity = new HashMap<>();
        for (HitRecord[] records : new HitRecord[][] {s.hits, s.tail}) {
            for (HitRecord r : records) {
                if (r.severityRank > 0) {
                    firstOfSeverity.merge(r.severityRank, r.line, Math::min);
                }
            }
        }
        for (HitRecord r : s.hits) {
            c.hitsByLine.computeIfAbsent(r.line, k -> new ArrayList<>(2)).add(r);
            Candidate k = byLine.computeIfAbsent(r.line, line -> fromRecord(r, s));
            k.severity = Math.max(k.severity, r.severityRank);
            k.errorScore = Math.max(k.errorScore, r.score);
            k.errorLike = true;
        }
        for (HitRecord r : s.errorLines) {
            Candidate k = byLine.computeIfAbsent(r.line, line -> fromRecord(r, s));
            k.errorScore = Math.max(k.errorScore, r.score);
            k.errorLike = true;
            k.firstErrorLine |= r.ordinal == 0;
        }
        Candidate previous = null;
        for (HitRecord r : s.tail) {
            Candidate k = byLine.computeIfAbsent(r.line, line -> {
                Candidate t = fromRecord(r, s);
                t.severity = r.severityRank;
                t.errorScore = r.score;
                t.errorLike = r.severityRank > 0 || r.score > 0;
                t.firstErrorLine = r.severityRank == 0 && r.score > 0 && r.ordinal == 0;
                return t;
            });
            // A tail line's follow line is the next tail line, when the state kept no other.
            if (previous != null && previous.followText == null) {
                previous.followLine = r.line;
                previous.followText = r.text;
            }
            previous = k;
        }
        for (Candidate k : byLine.values()) {
            Long first = firstOfSeverity.get(k.severity);
            k.firstOfSeverity = k.severity > 0 && first != null && first == k.line;
            set.candidates.add(k);
        }
        return c;
    }

    private static Candidate fromRecord(HitRecord r, BuildState s) {
        Candidate k = new Candidate();
        k.line = r.line;
        k.text = r.text;
        k.emphasized = r.emphasized;
        k.shapeOrdinal = r.shapeOrdinal;
        k.shapeCount = shapeCount(s, r);
        k.followLine = r.followLine;
        k.followText = r.followText;
        return k;
    }

    private static int shapeCount(BuildState s, HitRecord r) {
        if (r.shapeOrdinal < 0 || s.shapeHashes == null) {
            return 1;
        }
        for (int i = 0; i < s.shapes; i++) {
            if (s.shapeHashes[i] == r.shapeHash) {
                return s.shapeCounts[i];
            }
        }
        return 1;
    }
}
