package dev.faultline.jobs.backfill;

import dev.faultline.connectors.files.BackfillOutput;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.schemas.BuildVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Shadow-tests a candidate signature catalog before it goes live: backfills one archive with the
 * current catalog and with the candidate, on the backfill's own graph, and reports for every new or
 * changed signature how often it fires in failed builds, how often in builds that succeeded (a
 * signature that fires on successes matches harmless output), and which builds' verdicts it would
 * change. A candidate that fires on more than {@code maxSuccessShare} of the successful builds
 * fails the check.
 *
 * <p>Both runs keep one small record per build in memory (outcome, cause, signature hits), so an
 * archive of a few million builds is the practical limit.
 */
public final class SignatureShadowRun {
    /** Example build IDs shown per signature and per kind of count. */
    static final int EXAMPLES = 3;

    private SignatureShadowRun() {}

    /** What one backfill said about one build. */
    static final class BuildResult {
        final String outcome;
        final String category;
        final String fault;
        final String stage;
        final String signature;
        final Set<String> hits = new TreeSet<>();

        BuildResult(BuildVerdict v) {
            outcome = v.outcome;
            category = v.category;
            fault = v.fault;
            stage = v.stage;
            signature = v.signature;
        }

        boolean sameVerdictAs(BuildResult o) {
            return Objects.equals(outcome, o.outcome)
                    && Objects.equals(category, o.category)
                    && Objects.equals(fault, o.fault)
                    && Objects.equals(stage, o.stage)
                    && Objects.equals(signature, o.signature);
        }

        String describe() {
            return signature != null
                    ? signature + " (" + category + ", " + fault + ")"
                    : BuildVerdict.FAILURE.equals(outcome)
                            ? "no signature (" + category + ")"
                            : outcome;
        }
    }

    /** One new or changed signature's counts. */
    static final class SignatureReport {
        final String id;
        final String status;
        final List<String> failedHits = new ArrayList<>();
        final List<String> successHits = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        double successShare;
        boolean suspect;

        SignatureReport(String id, String status) {
            this.id = id;
            this.status = status;
        }
    }

    /** The outcome of a shadow test: the report to print and whether the candidate passed. */
    public static final class Result {
        public final String report;
        public final boolean passed;

        Result(String report, boolean passed) {
            this.report = report;
            this.passed = passed;
        }
    }

    /**
     * Runs both backfills over {@code archive} and compares them.
     *
     * @param baselinePath the current catalog, or null for the default one
     */
    public static Result run(
            Path archive,
            Path candidatePath,
            Path baselinePath,
            double maxSuccessShare,
            int parallelism)
            throws Exception {
        if (!Files.isDirectory(archive)) {
            throw new IllegalArgumentException("archive " + archive + " is not a directory");
        }
        if (maxSuccessShare < 0 || maxSuccessShare > 1) {
            throw new IllegalArgumentException(
                    "--max-success-share must be between 0 and 1, not " + maxSuccessShare);
        }
        SignatureCatalog baseline = CatalogLoader.load(baselinePath);
        SignatureCatalog candidate = CatalogLoader.load(candidatePath);
        Map<String, String> before = CatalogLoader.definitions(baselinePath);
        Map<String, String> after = CatalogLoader.definitions(candidatePath);
        Map<String, String> status = new LinkedHashMap<>();
        after.forEach(
                (id, def) -> {
                    String old = before.get(id);
                    if (old == null) {
                        status.put(id, "new");
                    } else if (!old.equals(def)) {
                        status.put(id, "changed");
                    }
                });
        List<String> removed = new ArrayList<>();
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(removed::add);

        System.err.println("check-signatures: backfill with " + baseline.source());
        Map<String, BuildResult> base = backfill(archive, baseline, parallelism);
        System.err.println("check-signatures: backfill with " + candidate.source());
        Map<String, BuildResult> cand = backfill(archive, candidate, parallelism);
        return compare(
                archive.toString(),
                baseline.source(),
                candidate.source(),
                status,
                removed,
                base,
                cand,
                maxSuccessShare);
    }

    /** One backfill on the real graph, its verdicts and signature hits collected by build. */
    static Map<String, BuildResult> backfill(
            Path archive, SignatureCatalog catalog, int parallelism) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(new Configuration(), parallelism);
        Map<String, BuildResult> builds = new HashMap<>();
        Map<String, String[]> hits = new HashMap<>();
        try (AutoCloseable progress = BackfillProgress.start(archive);
                CloseableIterator<BackfillOutput> out =
                        BackfillJob.build(
                                        env,
                                        archive.toString(),
                                        catalog,
                                        LineRanker.loadDefault(),
                                        GraphOptions.backfill().withSignatureHits(),
                                        new Configuration())
                                .executeAndCollect(
                                        "faultline-check-signatures " + catalog.source())) {
            while (out.hasNext()) {
                BackfillOutput o = out.next();
                if (o.verdict != null) {
                    builds.put(o.verdict.buildId, new BuildResult(o.verdict));
                } else if (o.signatureHits != null) {
                    hits.put(o.signatureHits.buildId, o.signatureHits.signatures);
                }
            }
        }
        hits.forEach(
                (id, ids) -> {
                    BuildResult r = builds.get(id);
                    if (r != null) {
                        r.hits.addAll(List.of(ids));
                    }
                });
        return builds;
    }

    /** The comparison of two backfills of one archive; pure, so tests can feed it directly. */
    static Result compare(
            String archive,
            String baselineSource,
            String candidateSource,
            Map<String, String> status,
            List<String> removed,
            Map<String, BuildResult> base,
            Map<String, BuildResult> cand,
            double maxSuccessShare) {
        Set<String> buildIds = new TreeSet<>(cand.keySet());
        long failed = 0;
        long succeeded = 0;
        for (BuildResult r : cand.values()) {
            failed += BuildVerdict.FAILURE.equals(r.outcome) ? 1 : 0;
            succeeded += BuildVerdict.SUCCESS.equals(r.outcome) ? 1 : 0;
        }
        Map<String, SignatureReport> reports = new LinkedHashMap<>();
        status.forEach((id, s) -> reports.put(id, new SignatureReport(id, s)));
        List<String> allChanged = new ArrayList<>();
        for (String buildId : buildIds) {
            BuildResult c = cand.get(buildId);
            BuildResult b = base.get(buildId);
            for (String hit : c.hits) {
                SignatureReport r = reports.get(hit);
                if (r == null) {
                    continue;
                }
                if (BuildVerdict.FAILURE.equals(c.outcome)) {
                    r.failedHits.add(buildId);
                } else if (BuildVerdict.SUCCESS.equals(c.outcome)) {
                    r.successHits.add(buildId);
                }
            }
            if (b != null && !b.sameVerdictAs(c)) {
                String change = buildId + ": " + b.describe() + " -> " + c.describe();
                allChanged.add(change);
                for (String id : new LinkedHashSet<>(Arrays.asList(b.signature, c.signature))) {
                    SignatureReport r = id == null ? null : reports.get(id);
                    if (r != null) {
                        r.changed.add(change);
                    }
                }
            }
        }
        boolean passed = true;
        for (SignatureReport r : reports.values()) {
            r.successShare = succeeded == 0 ? 0 : (double) r.successHits.size() / succeeded;
            r.suspect = r.successShare > maxSuccessShare;
            passed &= !r.suspect;
        }
        return new Result(
                render(
                        archive,
                        baselineSource,
                        candidateSource,
                        buildIds.size(),
                        failed,
                        succeeded,
                        reports,
                        removed,
                        allChanged,
                        maxSuccessShare,
                        passed),
                passed);
    }

    private static String render(
            String archive,
            String baselineSource,
            String candidateSource,
            int builds,
            long failed,
            long succeeded,
            Map<String, SignatureReport> reports,
            List<String> removed,
            List<String> allChanged,
            double maxSuccessShare,
            boolean passed) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "Shadow test of %s against %s%nover %s: %d builds, %d failed, %d succeeded%n",
                        candidateSource,
                        baselineSource,
                        archive,
                        builds,
                        failed,
                        succeeded));
        if (reports.isEmpty()) {
            b.append("\nno new or changed signatures\n");
        }
        for (SignatureReport r : reports.values()) {
            b.append(String.format(Locale.ROOT, "%n%s (%s)%n", r.id, r.status));
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  hits in failed builds:      %d%s%n",
                            r.failedHits.size(),
                            examples(r.failedHits)));
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  hits in successful builds:  %d of %d (%.1f%%)%s%s%n",
                            r.successHits.size(),
                            succeeded,
                            100 * r.successShare,
                            examples(r.successHits),
                            r.suspect
                                    ? String.format(
                                            Locale.ROOT,
                                            "  SUSPECT: over --max-success-share %.1f%%",
                                            100 * maxSuccessShare)
                                    : ""));
            b.append(
                    String.format(
                            Locale.ROOT, "  verdicts that would change: %d%n", r.changed.size()));
            r.changed.stream()
                    .limit(EXAMPLES)
                    .forEach(c -> b.append("    ").append(c).append('\n'));
        }
        if (!removed.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nremoved: %s%n", String.join(", ", removed)));
        }
        b.append(
                String.format(
                        Locale.ROOT,
                        "%nbuilds whose verdict would change: %d of %d%n",
                        allChanged.size(),
                        builds));
        allChanged.stream().limit(EXAMPLES).forEach(c -> b.append("  ").append(c).append('\n'));
        if (allChanged.size() > EXAMPLES) {
            b.append(String.format(Locale.ROOT, "  … and %d more%n", allChanged.size() - EXAMPLES));
        }
        b.append(
                passed
                        ? "\nOK: no new or changed signature fires on more than the allowed share of successful builds\n"
                        : "\nFAILED: a new or changed signature fires on successful builds (see SUSPECT above)\n");
        return b.toString();
    }

    private static String examples(List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        return "   e.g. " + String.join(", ", ids.subList(0, Math.min(EXAMPLES, ids.size())));
    }
}
