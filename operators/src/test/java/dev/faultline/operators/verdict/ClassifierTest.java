package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.Severity;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Vocabulary;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final SignatureCatalog CATALOG =
            TestCatalogs.parse(
                    TestCatalogs.BASIC
                            + String.join(
                                    "\n",
                                    "  - id: boom-sequence",
                                    "    fault: unknown",
                                    "    severity: critical",
                                    "    summary: boom in two lines",
                                    "    steps:",
                                    "      - literal: boom one",
                                    "      - literal: boom two",
                                    ""));
    private final Classifier classifier = new Classifier(CATALOG, TestCatalogs.RANKER);

    private static HitRecord signatureHit(long line, String id, String stage, String step) {
        HitRecord r = new HitRecord();
        r.line = line;
        r.text = "line " + line + " (" + id + ")";
        r.signatureId = id;
        r.summary = "summary of " + id;
        r.severityRank = CATALOG.cause(id).severity.rank;
        r.stage = stage;
        r.step = step;
        return r;
    }

    private static HitRecord errorLine(long line, int score, String text) {
        HitRecord r = new HitRecord();
        r.line = line;
        r.text = text;
        r.score = score;
        return r;
    }

    private static TailLine tailLine(long line, String text) {
        TailLine r = new TailLine();
        r.line = line;
        r.text = text;
        return r;
    }

    private static void add(BuildState s, HitRecord r) {
        s.hits =
                HitRanking.best(with(s.hits, r), HitRanking.SIGNATURES, BuildState.MAX_HITS)
                        .toArray(new HitRecord[0]);
    }

    private static void addError(BuildState s, HitRecord r) {
        s.errorLines =
                HitRanking.best(
                                with(s.errorLines, r),
                                HitRanking.ERROR_LINES,
                                BuildState.MAX_ERROR_LINES)
                        .toArray(new HitRecord[0]);
    }

    private static java.util.List<HitRecord> with(HitRecord[] records, HitRecord r) {
        java.util.List<HitRecord> all = new java.util.ArrayList<>(java.util.Arrays.asList(records));
        all.add(r);
        return all;
    }

    private static BuildState failedLog() {
        BuildState s = new BuildState();
        s.lines = 100;
        s.logEnd = "failure";
        s.logEndLine = 100;
        return s;
    }

    @Test
    void aCriticalHitGoesFirstThenTheEarliestOfTheStrongestSeverity() {
        BuildState s = failedLog();
        s.stage = "build";
        add(s, signatureHit(50, "exit-code", "build", "build_command")); // warning
        add(s, signatureHit(30, "npm-missing-script", "build", "build_command")); // error
        add(s, signatureHit(20, "ts-error", "build", "build_command")); // error, earlier
        add(s, signatureHit(60, "internal-error", "build", "build_command")); // critical, latest
        add(s, signatureHit(40, "git-auth", "clone", "clone")); // error

        BuildVerdict v = classifier.decide("b-1", s, "log");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("internal-error");
        assertThat(v.fault).isEqualTo("platform");
        assertThat(v.summary).isEqualTo("summary of internal-error");
        assertThat(v.evidence[0].line).isEqualTo(60L);
        assertThat(v.evidence)
                .extracting(e -> e.line)
                .doesNotHaveDuplicates()
                .isSubsetOf(20L, 30L, 40L, 50L, 60L);

        BuildState noCritical = failedLog();
        add(noCritical, signatureHit(50, "exit-code", "build", "build_command"));
        add(noCritical, signatureHit(30, "npm-missing-script", "build", "build_command"));
        add(noCritical, signatureHit(20, "ts-error", "build", "build_command"));
        BuildVerdict w = classifier.decide("b-1", noCritical, "log");
        assertThat(w.signature).isEqualTo("ts-error");
        assertThat(w.evidence[0].line).isEqualTo(20L);
    }

    @Test
    void aLineThatOnlySaysAStepFailedIsNeverFirstWhileOneSaysWhy() {
        BuildState s = failedLog();
        add(s, signatureHit(40, "exit-code", null, null)); // warning: "exited with code 1"
        addError(s, errorLine(30, 1, "could not reach the mirror"));
        // Whatever the model thinks of them, the warning must not lead.
        Classifier warningLover =
                new Classifier(CATALOG, new CauseRanking(18, f -> f.size() > 12 ? 100 : 0));
        for (Classifier c : new Classifier[] {classifier, warningLover}) {
            BuildVerdict v = c.decide("b", s, "log");
            assertThat(v.signature).isEqualTo("exit-code");
            assertThat(v.evidence[0].line).isEqualTo(30L);
        }
    }

    @Test
    void aFailureWithNoErrorLikeLineCitesTheFailingStepsLastLines() {
        BuildState s = failedLog();
        s.stage = "build";
        s.failedAt = 100;
        s.tail =
                new TailLine[] {
                    tailLine(97, "> node scripts/check-bundle.js"),
                    tailLine(98, "bundle too large for the free plan"),
                    tailLine(99, "see the size report above")
                };
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.category).isEqualTo("unknown");
        assertThat(v.evidence).isNotEmpty();
        assertThat(v.evidence).extracting(e -> e.line).isSubsetOf(97L, 98L, 99L);
        assertThat(v.summary).contains("no known signature").contains(v.evidence[0].text);
    }

    @Test
    void aHeaderIsFollowedByTheLineUnderIt() {
        BuildState s = failedLog();
        HitRecord header = signatureHit(20, "ts-error", "build", "build_command");
        header.text = "src/app.ts(3,7): error TS2322: the type does not fit:";
        header.followLine = 21;
        header.followText = "  Type 'string' is not assignable to type 'number'.";
        add(s, header);
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.evidence).extracting(e -> e.line).startsWith(20L, 21L);

        // A line that does not continue it (same indentation, no colon) is not pulled in.
        BuildState t = failedLog();
        HitRecord plain = signatureHit(20, "ts-error", "build", "build_command");
        plain.followLine = 21;
        plain.followText = "Found 1 error.";
        add(t, plain);
        assertThat(classifier.decide("b", t, "log").evidence)
                .extracting(e -> e.line)
                .containsExactly(20L);
    }

    @Test
    void aRankerThatThrowsRanksThatLineLastAndTheVerdictStillComes() {
        Classifier broken =
                new Classifier(
                        CATALOG,
                        new CauseRanking(
                                18,
                                f -> {
                                    throw new IllegalStateException("model exploded");
                                }));
        BuildState s = failedLog();
        add(s, signatureHit(20, "ts-error", "build", "build_command"));
        addError(s, errorLine(25, 2, "error: also this"));
        BuildVerdict v = broken.decide("b", s, "log");
        assertThat(v.signature).isEqualTo("ts-error");
        assertThat(v.evidence[0].line).isEqualTo(20L);
        assertThat(broken.rankerFailures()).isEqualTo(2);
    }

    @Test
    void categoryComesFromTheSignatureFirst() {
        BuildState s = failedLog();
        // git-auth says clone even though the step marker said build_command
        add(s, signatureHit(10, "git-auth", "build", "build_command"));
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.category).isEqualTo("clone");
        assertThat(v.stage).isEqualTo("build");
        assertThat(v.fault).isEqualTo("user");
    }

    @Test
    void categoryFallsBackToTheStep() {
        BuildState s = failedLog();
        add(s, signatureHit(10, "internal-error", "install", "tool_installation"));
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.category).isEqualTo("tool_installation");
        assertThat(v.stage).isEqualTo("install");
    }

    @Test
    void categoryFallsBackToTheStageMap() {
        BuildState s = failedLog();
        add(s, signatureHit(10, "internal-error", "deploy", null));
        assertThat(classifier.decide("b", s, "log").category).isEqualTo("deploy_command");

        BuildState s2 = failedLog();
        add(s2, signatureHit(10, "internal-error", "install", null));
        assertThat(classifier.decide("b", s2, "log").category).isEqualTo("dependency_installation");

        // no stage on the hit: the build's stage at the end is used
        BuildState s3 = failedLog();
        s3.stage = "clone";
        add(s3, signatureHit(10, "internal-error", null, null));
        BuildVerdict v3 = classifier.decide("b", s3, "log");
        assertThat(v3.stage).isEqualTo("clone");
        assertThat(v3.category).isEqualTo("clone");
    }

    @Test
    void categoryFallsBackToBuildCommandWithoutMarkers() {
        BuildState s = failedLog();
        add(s, signatureHit(10, "exit-code", null, null));
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.category).isEqualTo("build_command");
        assertThat(v.stage).isNull();
        assertThat(v.signature).isEqualTo("exit-code");
    }

    @Test
    void sequenceCauseCitesItsOtherLinesAfterIt() {
        BuildState s = failedLog();
        HitRecord seq = signatureHit(70, "boom-sequence", "build", "build_command");
        seq.contextLines = new long[] {65};
        seq.contextTexts = new String[] {"boom one"};
        add(s, signatureHit(10, "npm-missing-script", "build", "build_command"));
        add(s, seq);
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.signature).isEqualTo("boom-sequence");
        assertThat(v.category)
                .isEqualTo("build_command"); // from the step: the sequence has no category
        assertThat(v.fault).isEqualTo("unknown");
        assertThat(v.evidence).extracting(e -> e.line).containsExactly(70L, 65L, 10L);
    }

    @Test
    void evidenceIsLimitedAndDeduplicated() {
        BuildState s = failedLog();
        for (int i = 1; i <= 20; i++) {
            add(s, signatureHit(i, "ts-error", "build", "build_command"));
        }
        add(s, signatureHit(3, "exit-code", "build", "build_command")); // same line as a TS hit
        // A scorer that finds every line as likely: all are cited, up to the limit.
        Classifier flat = new Classifier(CATALOG, new CauseRanking(18, f -> 0));
        for (Classifier c : new Classifier[] {classifier, flat}) {
            BuildVerdict v = c.decide("b", s, "log");
            assertThat(v.evidence.length).isBetween(1, Classifier.EVIDENCE_LIMIT);
            assertThat(v.evidence).extracting(e -> e.line).doesNotHaveDuplicates();
            assertThat(v.evidence[0].line).as("the earliest of the strongest hits").isEqualTo(1L);
        }
        assertThat(flat.decide("b", s, "log").evidence).hasSize(Classifier.EVIDENCE_LIMIT);
    }

    @Test
    void unknownFailureUsesErrorLines() {
        BuildState s = failedLog();
        s.stage = "build";
        addError(s, errorLine(12, 2, "Error: something odd"));
        addError(s, errorLine(8, 5, "FATAL ERROR: heap out of memory"));
        addError(s, errorLine(9, 2, "could not do it"));
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.category).isEqualTo("unknown");
        assertThat(v.fault).isEqualTo("unknown");
        assertThat(v.signature).isNull();
        assertThat(v.stage).isEqualTo("build");
        assertThat(v.evidence).isNotEmpty();
        assertThat(v.evidence)
                .extracting(e -> e.line)
                .doesNotHaveDuplicates()
                .isSubsetOf(8L, 12L, 9L);
        assertThat(v.summary).contains("during build").contains(v.evidence[0].text);
    }

    @Test
    void unknownFailureWithNothingToCite() {
        BuildVerdict v = classifier.decide("b", failedLog(), "log");
        assertThat(v.category).isEqualTo("unknown");
        assertThat(v.evidence).isEmpty();
        assertThat(v.summary).contains("the log shows nothing of it");
    }

    @Test
    void noEndNoEventAndOnlyWarningsIsUnknown() {
        BuildState s = new BuildState();
        s.lines = 30;
        s.stage = "build";
        add(s, signatureHit(20, "exit-code", "build", "build_command"));
        BuildVerdict v = classifier.decide("b", s, "end-of-input");
        assertThat(v.outcome).isEqualTo(BuildVerdict.UNKNOWN);
        assertThat(v.category).isNull();
        assertThat(v.fault).isNull();
        assertThat(v.stage).isEqualTo("build");
        assertThat(v.evidence).extracting(e -> e.line).containsExactly(20L);
        assertThat(v.decidedBy).isEqualTo("end-of-input");
    }

    @Test
    void noEndButARealCauseIsAFailure() {
        BuildState s = new BuildState();
        add(s, signatureHit(20, "exit-code", null, null));
        add(s, signatureHit(25, "internal-error", null, null));
        BuildVerdict v = classifier.decide("b", s, "inactivity");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("internal-error");
    }

    @Test
    void emptyStateIsUnknownWithNoEvidence() {
        BuildVerdict v = classifier.decide("b", new BuildState(), "inactivity");
        assertThat(v.outcome).isEqualTo(BuildVerdict.UNKNOWN);
        assertThat(v.evidence).isEmpty();
        assertThat(v.summary).isNotBlank();
    }

    @Test
    void eventOutcomeBeatsLogEnd() {
        BuildState s = new BuildState();
        s.logEnd = "success";
        s.eventOutcome = "failure";
        add(s, signatureHit(5, "git-auth", "clone", "clone"));
        BuildVerdict v = classifier.decide("b", s, "event");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.category).isEqualTo("clone");

        BuildState canceled = failedLog();
        canceled.eventOutcome = "canceled";
        canceled.stage = "install";
        BuildVerdict c = classifier.decide("b", canceled, "event");
        assertThat(c.outcome).isEqualTo(BuildVerdict.CANCELED);
        assertThat(c.category).isNull();
        assertThat(c.fault).isNull();
        assertThat(c.stage).isEqualTo("install");
        assertThat(c.summary).isEqualTo("Build was canceled during install");
    }

    @Test
    void successHasNullCategoryAndFaultEvenWithHits() {
        BuildState s = new BuildState();
        s.logEnd = "success";
        s.lines = 10;
        add(s, signatureHit(3, "ts-error", "build", "build_command"));
        addError(s, errorLine(4, 3, "error: flaky"));
        BuildVerdict v = classifier.decide("b", s, "log");
        assertThat(v.outcome).isEqualTo(BuildVerdict.SUCCESS);
        assertThat(v.category).isNull();
        assertThat(v.fault).isNull();
        assertThat(v.signature).isNull();
        assertThat(v.evidence).isEmpty();
        assertThat(v.lines).isEqualTo(10);
    }

    @Test
    void verdictCarriesBuildMetadata() {
        BuildState s = failedLog();
        s.workerName = "w";
        s.accountId = "a";
        s.repoName = "r";
        s.branch = "main";
        s.commitHash = "abc";
        s.firstTimestamp = "2024-05-01T10:00:00Z";
        s.lastTimestamp = "2024-05-01T10:05:00Z";
        BuildVerdict v = classifier.decide("b-7", s, "log");
        assertThat(v.buildId).isEqualTo("b-7");
        assertThat(v.workerName).isEqualTo("w");
        assertThat(v.accountId).isEqualTo("a");
        assertThat(v.repoName).isEqualTo("r");
        assertThat(v.branch).isEqualTo("main");
        assertThat(v.commitHash).isEqualTo("abc");
        assertThat(v.firstTimestamp).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(v.lastTimestamp).isEqualTo("2024-05-01T10:05:00Z");
        assertThat(v.lines).isEqualTo(100);
    }

    @Test
    void longEvidenceIsClipped() {
        BuildState s = failedLog();
        HitRecord r = signatureHit(1, "ts-error", null, null);
        r.text = "e".repeat(5000);
        add(s, r);
        Evidence e = classifier.decide("b", s, "log").evidence[0];
        assertThat(e.text.length()).isLessThanOrEqualTo(1001);
    }

    @Test
    void outcomeFromAnUnexpectedEventValueStaysInTheVocabulary() {
        // Json.parseBuildEvent does not check payload.buildOutcome against its enum, so a platform
        // value such as "skipped" reaches the classifier; the verdict must still satisfy its
        // contract.
        BuildState s = new BuildState();
        s.eventOutcome = "skipped";
        BuildVerdict v = classifier.decide("b", s, "event");
        assertThat(v.outcome).isIn(Set.of("success", "failure", "canceled", "unknown"));
    }

    @Test
    void hitRankingKeepsTheBestWhenFull() {
        BuildState s = new BuildState();
        for (int i = 0; i < BuildState.MAX_HITS + 5; i++) {
            add(s, signatureHit(100 - i, "exit-code", null, null));
        }
        add(s, signatureHit(500, "internal-error", null, null));
        assertThat(s.hits).hasSize(BuildState.MAX_HITS);
        assertThat(s.hits[0].signatureId).isEqualTo("internal-error");
        assertThat(s.hits[1].line).isEqualTo(100 - (BuildState.MAX_HITS + 4));
        assertThat(s.hits[0].severityRank).isEqualTo(Severity.CRITICAL.rank);
        assertThat(Vocabulary.CATEGORIES)
                .contains(classifier.decide("b", failedLogWith(s), "log").category);
    }

    private static BuildState failedLogWith(BuildState s) {
        s.logEnd = "failure";
        return s;
    }
}
