package dev.faultline.operators.verdict;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.catalog.Vocabulary;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.operators.catalog.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a build's verdict from its state. A pure function: no Flink, no I/O, so every rule here is
 * testable with plain JUnit.
 *
 * <ul>
 *   <li>Outcome: the platform's build event when there is one, else the log's end-of-job line; a log
 *       that just stops is a failure if a signature explains one, else {@code unknown}. Never
 *       {@code success} without an explicit success.
 *   <li>Cause: the highest-severity signature hit, earliest line first. Its category is the signature's
 *       own, else the category of the step the build was in at that line.
 *   <li>A failure no signature explains is {@code category: unknown} with the most error-like lines
 *       as evidence.
 * </ul>
 */
public final class Classifier {
    /** Evidence lines per verdict: enough to read the cause, few enough to read at all. */
    public static final int EVIDENCE_LIMIT = 5;
    private static final int EVIDENCE_CHARS = 1000;
    /** Error-like lines cited before a warning-level cause. */
    private static final int CONTEXT_BEFORE_WARNING = 2;

    private final SignatureCatalog catalog;

    public Classifier(SignatureCatalog catalog) {
        this.catalog = catalog;
    }

    public BuildVerdict decide(String buildId, BuildState s, String decidedBy) {
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

        HitRecord cause = s.hits.length == 0 ? null : s.hits[0];
        v.outcome = outcome(s, cause);
        switch (v.outcome) {
            case BuildVerdict.FAILURE:
                explainFailure(v, s, cause);
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
                v.summary = "Outcome unknown: the log has no end-of-job line and no build event says how it ended";
                v.stage = s.stage;
                v.evidence = evidence(s.hits.length > 0 ? s.hits : s.errorLines);
        }
        if (s.logProblem != null) {
            v.summary += " (log incomplete: " + s.logProblem + ")";
        }
        return v;
    }

    private static String outcome(BuildState s, HitRecord cause) {
        if (s.eventOutcome != null && Vocabulary.ENDS.contains(s.eventOutcome)) {
            return s.eventOutcome;
        }
        if (s.logEnd != null) {
            return s.logEnd;
        }
        // No explicit end: only a real cause (e.g. a timeout or an internal error) makes it a failure.
        return cause != null && cause.severityRank >= Severity.ERROR.rank
                ? BuildVerdict.FAILURE
                : BuildVerdict.UNKNOWN;
    }

    private void explainFailure(BuildVerdict v, BuildState s, HitRecord cause) {
        if (cause == null) {
            v.category = "unknown";
            v.fault = "unknown";
            v.stage = s.stage;
            v.evidence = evidence(s.errorLines);
            String where = s.stage == null ? "" : " during " + s.stage;
            v.summary =
                    v.evidence.length == 0
                            ? "Build failed" + where + "; no signature explains it and no line reads like an error"
                            : "Build failed" + where + " with no known signature: " + clip(v.evidence[0].text, 200);
            return;
        }
        SignatureCatalog.Cause c = catalog.cause(cause.signatureId);
        v.signature = cause.signatureId;
        v.stage = cause.stage != null ? cause.stage : s.stage;
        v.category = category(c == null ? null : c.category, cause, v.stage);
        v.fault = c == null ? "unknown" : c.fault;
        v.summary = cause.summary != null ? cause.summary : cause.signatureId;
        if (cause.severityRank > Severity.WARNING.rank) {
            v.evidence = evidence(s.hits);
        } else {
            // A warning only repeats that something failed ("exited with 1"): the lines that say
            // why usually stand just before it, so the most error-like of those come first.
            v.evidence = evidence(concat(errorLinesBefore(s.errorLines, cause.line), s.hits));
        }
    }

    private static HitRecord[] errorLinesBefore(HitRecord[] errorLines, long line) {
        return Arrays.stream(errorLines)
                .filter(h -> h.line < line)
                .limit(CONTEXT_BEFORE_WARNING)
                .toArray(HitRecord[]::new);
    }

    private static HitRecord[] concat(HitRecord[] a, HitRecord[] b) {
        HitRecord[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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

    /** The records' lines in rank order, each line once, a multi-line match's other lines after it. */
    private static Evidence[] evidence(HitRecord[] ranked) {
        Map<Long, String> lines = new LinkedHashMap<>();
        for (HitRecord h : ranked) {
            if (lines.size() >= EVIDENCE_LIMIT) {
                break;
            }
            lines.putIfAbsent(h.line, h.text);
            if (h.contextLines != null) {
                for (int i = 0; i < h.contextLines.length && lines.size() < EVIDENCE_LIMIT; i++) {
                    lines.putIfAbsent(h.contextLines[i], h.contextTexts[i]);
                }
            }
        }
        List<Evidence> out = new ArrayList<>(lines.size());
        lines.forEach((line, text) -> out.add(new Evidence(line, clip(text == null ? "" : text, EVIDENCE_CHARS))));
        return out.toArray(new Evidence[0]);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
