package dev.faultline.operators.verdict;

import dev.faultline.operators.catalog.Severity;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.rank.RankerFeatures;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a build's verdict from its state. A pure function: no Flink, no I/O, so every rule here
 * is testable with plain JUnit.
 *
 * <ul>
 *   <li>Outcome: the platform's build event when there is one, else the log's end-of-job line; a
 *       log that just stops is a failure if the CI system said a step failed or a signature
 *       explains one, else {@code unknown}. Never {@code success} without an explicit success.
 *   <li>Evidence: the build's candidate lines (hits, error-like lines, the failing step's last
 *       lines) in the order of {@link CauseRanking}, the cause block first. A failed build always
 *       has evidence, unless its log shows nothing at all.
 *   <li>Signature: the strongest hit, and of equals the one on the line ranked highest. Its
 *       category is the signature's own, else the category of the step the build was in at that
 *       line.
 *   <li>A failure no signature explains is {@code category: unknown}.
 * </ul>
 */
public final class Classifier {
    /** Evidence lines per verdict: enough to read the cause, few enough to read at all. */
    public static final int EVIDENCE_LIMIT = 5;

    private static final int EVIDENCE_CHARS = 1000;

    private final SignatureCatalog catalog;
    private final CauseRanking ranking;

    public Classifier(SignatureCatalog catalog, LineRanker ranker) {
        this(catalog, new CauseRanking(ranker));
    }

    Classifier(SignatureCatalog catalog, CauseRanking ranking) {
        this.catalog = catalog;
        this.ranking = ranking;
    }

    /**
     * Candidate lines the ranker could not score so far (cumulative; each is ranked last instead).
     */
    public long rankerFailures() {
        return ranking.failures();
    }

    /** Decides from {@code s}, gathering its candidate cause lines first. */
    public BuildVerdict decide(String buildId, BuildState s, String decidedBy) {
        return decide(buildId, s, CauseLines.of(buildId, s), decidedBy);
    }

    BuildVerdict decide(String buildId, BuildState s, CauseLines lines, String decidedBy) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = buildId;
        v.lines = s.lines;
        v.decidedBy = decidedBy;
        v.workerName = s.workerName;
        v.accountId = s.accountId;
        v.repoName = s.repoName;
        v.branch = s.branch;
        v.commitHash = s.commitHash;
        v.firstTimestamp = s.firstTimestamp;
        v.lastTimestamp = s.lastTimestamp;

        HitRecord strongest = s.hits.length == 0 ? null : s.hits[0];
        v.outcome = outcome(s, strongest);
        switch (v.outcome) {
            case BuildVerdict.FAILURE:
                explainFailure(v, s, lines);
                break;
            case BuildVerdict.SUCCESS:
                v.summary = "Build succeeded";
                v.evidence = new Evidence[0];
                break;
            case BuildVerdict.CANCELED:
                v.summary = "Build was canceled" + (s.stage == null ? "" : " during " + s.stage);
                v.stage = s.stage;
                v.evidence = new Evidence[0];
                break;
            default:
                v.summary =
                        "Outcome unknown: the log has no end-of-job line and no build event says how it ended";
                v.stage = s.stage;
                v.evidence = evidence(ranking.rank(lines.set), lines);
        }
        if (s.logProblem != null) {
            v.summary += " (log incomplete: " + s.logProblem + ")";
        }
        SignatureCatalog.Cause c = v.signature == null ? null : catalog.cause(v.signature);
        RetryAdvice.apply(v, c == null ? null : c.remedy);
        return v;
    }

    private static String outcome(BuildState s, HitRecord strongest) {
        if (s.eventOutcome != null && Vocabulary.ENDS.contains(s.eventOutcome)) {
            return s.eventOutcome;
        }
        if (s.logEnd != null) {
            return s.logEnd;
        }
        if (s.failedAt > 0) {
            return BuildVerdict.FAILURE; // the CI system itself said a step failed
        }
        // No explicit end: only a real cause (e.g. a timeout or an internal error) makes it a
        // failure.
        return strongest != null && strongest.severityRank >= Severity.ERROR.rank
                ? BuildVerdict.FAILURE
                : BuildVerdict.UNKNOWN;
    }

    private void explainFailure(BuildVerdict v, BuildState s, CauseLines lines) {
        CauseRanking.Ranked ranked = ranking.rank(lines.set);
        v.evidence = evidence(ranked, lines);
        HitRecord cause = signatureHit(s.hits, ranked.lines);
        if (cause == null) {
            v.category = "unknown";
            v.fault = "unknown";
            v.stage = s.stage;
            String where = s.stage == null ? "" : " during " + s.stage;
            v.summary =
                    v.evidence.length == 0
                            ? "Build failed" + where + "; the log shows nothing of it"
                            : "Build failed"
                                    + where
                                    + " with no known signature: "
                                    + clip(v.evidence[0].text, 200);
            return;
        }
        SignatureCatalog.Cause c = catalog.cause(cause.signatureId);
        v.signature = cause.signatureId;
        v.stage = cause.stage != null ? cause.stage : s.stage;
        v.category = category(c == null ? null : c.category, cause, v.stage);
        v.fault = c == null ? "unknown" : c.fault;
        v.summary = cause.summary != null ? cause.summary : cause.signatureId;
    }

    /**
     * The hit that names the failure: the strongest severity the build has, and of those the one on
     * the line ranked highest (the ranker's order stands for "most likely the cause" among equals).
     */
    private static HitRecord signatureHit(HitRecord[] hits, List<Candidate> ranked) {
        if (hits.length == 0) {
            return null;
        }
        int strongest = hits[0].severityRank;
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            position.putIfAbsent(ranked.get(i).line, i);
        }
        HitRecord best = null;
        int bestPosition = Integer.MAX_VALUE;
        for (HitRecord h : hits) {
            if (h.severityRank != strongest) {
                continue;
            }
            int p = position.getOrDefault(h.line, Integer.MAX_VALUE - 1);
            if (best == null || p < bestPosition) {
                best = h;
                bestPosition = p;
            }
        }
        return best;
    }

    private static String category(String signatureCategory, HitRecord cause, String stage) {
        if (signatureCategory != null) {
            return signatureCategory;
        }
        if (cause.step != null) {
            return cause.step;
        }
        String byStage = stage == null ? null : Vocabulary.STAGE_CATEGORY.get(stage);
        // Logs without step markers (other CI systems) run the job's own commands.
        return byStage != null ? byStage : "build_command";
    }

    /**
     * The cause block, then the other likely candidates by rank: the first-ranked line, the line
     * after it when that completes it (the message under a header, an indented detail, a stack
     * frame), a multi-line match's other lines, then the next-ranked lines the ranker finds likely
     * enough, each line once, at most {@link #EVIDENCE_LIMIT}.
     */
    private static Evidence[] evidence(CauseRanking.Ranked ranked, CauseLines lines) {
        Map<Long, String> out = new LinkedHashMap<>();
        if (!ranked.lines.isEmpty()) {
            Candidate cause = ranked.lines.get(0);
            out.put(cause.line, cause.text);
            if (cause.followText != null && completes(cause.text, cause.followText)) {
                out.putIfAbsent(cause.followLine, cause.followText);
            }
            for (HitRecord h : lines.hitsByLine.getOrDefault(cause.line, List.of())) {
                if (h.contextLines != null) {
                    for (int i = 0; i < h.contextLines.length && out.size() < EVIDENCE_LIMIT; i++) {
                        out.putIfAbsent(h.contextLines[i], h.contextTexts[i]);
                    }
                }
            }
        }
        for (Candidate c : ranked.lines) {
            if (out.size() >= EVIDENCE_LIMIT) {
                break;
            }
            if (ranked.cited(c)) {
                out.putIfAbsent(c.line, c.text);
            }
        }
        List<Evidence> list = new ArrayList<>(out.size());
        out.forEach(
                (line, text) ->
                        list.add(
                                new Evidence(
                                        line, clip(text == null ? "" : text, EVIDENCE_CHARS))));
        return list.toArray(new Evidence[0]);
    }

    /**
     * Whether {@code next} continues {@code line}: under a header ending in ':', indented deeper,
     * or a stack frame.
     */
    static boolean completes(String line, String next) {
        int indent = indent(line);
        int nextIndent = indent(next);
        return line.stripTrailing().endsWith(":")
                || nextIndent > indent
                || RankerFeatures.isStackFrame(next, nextIndent);
    }

    private static int indent(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
