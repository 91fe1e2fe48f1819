package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.RocksDbHarness;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.CauseContext;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BuildVerdictFunctionHarnessTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);
    private static final long MINUTE = 60_000L;

    private final LineTagger tagger = new LineTagger(CATALOG);
    private KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> open(
            GraphOptions options) throws Exception {
        harness =
                onRocksDb(
                        new KeyedProcessOperator<>(
                                new BuildVerdictFunction(CATALOG, TestCatalogs.RANKER, options)),
                        null);
        assertThat(backend().getClass().getSimpleName()).contains("RocksDB");
        return harness;
    }

    /**
     * A harness for {@code operator} on RocksDB, keyed by build, restored from {@code snapshot}
     * unless it is null.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict>
            onRocksDb(
                    KeyedProcessOperator<String, BuildSignal, BuildVerdict> operator,
                    OperatorSubtaskState snapshot)
                    throws Exception {
        return RocksDbHarness.open(operator, (BuildSignal s) -> s.buildId, Types.STRING, snapshot);
    }

    /**
     * The lines of a whole log with its end in one signal, line i at time i, as the backfill sends
     * it.
     */
    private BuildSignal wholeLog(String build, String... texts) {
        TaggedLine[] lines = new TaggedLine[texts.length];
        for (int i = 0; i < texts.length; i++) {
            lines[i] = tagger.tag(new LogLine(build, i + 1, null, texts[i]));
            lines[i].eventTime = i + 1;
        }
        BuildSignal whole = BuildSignal.of(lines);
        whole.logEnd = new LogEnd(build, texts.length, null);
        return whole;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private KeyedStateBackend<?> backend() {
        return harness.getOperator().getKeyedStateBackend();
    }

    private long keysIn(String state) {
        try (Stream<?> keys = backend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private BuildSignal line(String build, long seq, String text) {
        return BuildSignal.of(tagger.tag(new LogLine(build, seq, null, text)));
    }

    private void feed(String build, long seq, String text) throws Exception {
        harness.processElement(line(build, seq, text), seq);
    }

    private static BuildSignal logEnd(String build, long lines) {
        return BuildSignal.of(new LogEnd(build, lines, null));
    }

    private static BuildSignal event(String build, String outcome) {
        BuildEvent e = new BuildEvent();
        e.type = outcome == null ? BuildEvent.STARTED : BuildEvent.FAILED;
        e.source = new BuildEvent.Source();
        e.source.workerName = "my-worker";
        e.metadata = new BuildEvent.Metadata();
        e.metadata.accountId = "acc";
        e.payload = new BuildEvent.Payload();
        e.payload.buildUuid = build;
        e.payload.buildOutcome = outcome;
        e.payload.buildTriggerMetadata = new BuildEvent.TriggerMetadata();
        e.payload.buildTriggerMetadata.repoName = "repo";
        e.payload.buildTriggerMetadata.branch = "main";
        e.payload.buildTriggerMetadata.commitHash = "abc123";
        return BuildSignal.of(e);
    }

    /** The live wait after an end-of-job line for a later one. */
    private static final long CONFIRM = GraphOptions.DEFAULT_END_LINE_CONFIRMATION.toMillis();

    /** A user's command prints the platform's success line, then fails; the platform says so. */
    private void feedSpoofedSuccess(String build) throws Exception {
        feed(build, 1, "Executing user build command: ./build.sh");
        feed(build, 2, "Success: Build command completed");
        feed(build, 3, "npm ERR! Missing script: \"build\"");
        feed(build, 4, "Failed: build command exited with code: 1");
    }

    @Test
    void liveTheLastEndLineWithinTheConfirmationDecides() throws Exception {
        open(GraphOptions.streaming());
        feedSpoofedSuccess("b-spoof");
        harness.processWatermark(4 + CONFIRM);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("npm-missing-script");
        assertThat(harness.getSideOutput(BuildVerdictFunction.LATE)).isNullOrEmpty();
    }

    @Test
    void inABackfillTheLastEndLineOfTheLogDecides() throws Exception {
        open(GraphOptions.backfill());
        feedSpoofedSuccess("b-spoof");
        harness.processElement(logEnd("b-spoof", 4), 4);
        harness.processWatermark(Long.MAX_VALUE);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("npm-missing-script");
    }

    private void feedFailingBuild(String build) throws Exception {
        feed(build, 1, "Initializing build environment...");
        feed(build, 2, "Cloning repository...");
        feed(build, 3, "Executing user build command: npm run build");
        feed(build, 4, "npm ERR! Missing script: \"build\"");
        feed(build, 5, "npm ERR! A complete log of this run can be found in: /x.log");
        feed(build, 6, "Failed: build command exited with code: 1");
    }

    @Test
    void oneVerdictAfterTheWatermarkPassesTheLogEnd() throws Exception {
        open(GraphOptions.backfill());
        feedFailingBuild("b-1");
        harness.processElement(logEnd("b-1", 6), 6);
        assertThat(keysIn("build")).isEqualTo(1);
        assertThat(keysIn("tail")).as("the failing step's last lines are kept").isEqualTo(1);

        harness.processWatermark(5);
        assertThat(harness.extractOutputValues())
                .as("not before the watermark passes the end")
                .isEmpty();

        harness.processWatermark(6);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        BuildVerdict v = verdicts.get(0);
        assertThat(v.buildId).isEqualTo("b-1");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("npm-missing-script");
        assertThat(v.category).isEqualTo("build_command");
        assertThat(v.stage).isEqualTo("build");
        assertThat(v.fault).isEqualTo("user");
        assertThat(v.summary).isEqualTo("npm script \"build\" is missing");
        assertThat(v.lines).isEqualTo(6);
        assertThat(v.decidedBy).isEqualTo("log");
        assertThat(v.evidence[0].line).isEqualTo(4);
        assertThat(v.evidence[0].text).isEqualTo("npm ERR! Missing script: \"build\"");

        // the build's state is gone; only the 'decided' tombstone remains, by design
        for (String state : new String[] {"build", "hits", "error-lines", "stage-marks", "tail"}) {
            assertThat(keysIn(state)).as(state).isZero();
        }
        assertThat(keysIn("decided")).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();

        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues())
                .as("no second verdict at end of input")
                .hasSize(1);
    }

    @Test
    void aFailureNoLineExplainsCitesTheFailingStepsLastLinesNotWhatCameAfter() throws Exception {
        open(GraphOptions.streaming());
        feed("b-2", 1, "Executing user build command: ./check.sh");
        for (int i = 2; i < 100; i++) {
            feed("b-2", i, "checked file " + i); // more than twice the tail: compacted as it goes
        }
        feed("b-2", 100, "size budget blown by bundle.js");
        feed("b-2", 101, "Failed: build command exited with code: 1");
        harness.processWatermark(101 + CONFIRM);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.evidence).isNotEmpty();
        assertThat(v.evidence)
                .extracting(e -> e.line)
                .allSatisfy(
                        line -> assertThat(line).isBetween(100L - CauseContext.TAIL_LINES, 101L));
        for (String state : new String[] {"build", "hits", "error-lines", "stage-marks", "tail"}) {
            assertThat(keysIn(state)).as(state).isZero();
        }
    }

    @Test
    void aCandidateKeepsTheLineAfterIt() throws Exception {
        open(GraphOptions.streaming().withCandidateSets());
        feed("b-3", 1, "Executing user build command: npm run build");
        feed("b-3", 2, "npm ERR! Missing script: \"build\"");
        harness.processElement(
                BuildSignal.of(contextLine("b-3", 3, "")), 3); // blank: not a follow line
        harness.processElement(
                BuildSignal.of(contextLine("b-3", 4, "npm ERR! To see a list of scripts, run:")),
                4);
        feed("b-3", 5, "Failed: build command exited with code: 1");
        harness.processWatermark(5 + CONFIRM);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.signature).isEqualTo("npm-missing-script");
        assertThat(v.evidence[0].line).isEqualTo(2L);
        CandidateSet set =
                harness.getSideOutput(BuildVerdictFunction.CANDIDATE_SETS).poll().getValue();
        Candidate missing =
                set.candidates.stream().filter(c -> c.line == 2).findFirst().orElseThrow();
        assertThat(missing.followLine).isEqualTo(4L);
        assertThat(missing.followText).isEqualTo("npm ERR! To see a list of scripts, run:");
        assertThat(set.failedAt).isEqualTo(5L);
        assertThat(set.blockStart).isEqualTo(1L);
    }

    private TaggedLine contextLine(String build, long seq, String text) {
        TaggedLine t = tagger.tag(new LogLine(build, seq, null, text));
        t.context = text.isBlank() || t.isInteresting() ? null : text;
        return t;
    }

    @Test
    void aWholeLogWithItsEndInOneSignalIsDecidedWithoutAnEndOfInputTimer() throws Exception {
        open(GraphOptions.backfill());
        BuildSignal whole =
                wholeLog(
                        "b-1",
                        "Initializing build environment...",
                        "Executing user build command: npm run build",
                        "npm ERR! Missing script: \"build\"");
        harness.processElement(whole, 4);
        // Only the verdict's own timer: the end came with the first signal.
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(4);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).signature).isEqualTo("npm-missing-script");
        assertThat(verdicts.get(0).lines).isEqualTo(3);
        assertThat(verdicts.get(0).decidedBy).isEqualTo("end-of-input");
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keysIn("build")).isZero();

        // A copy of the same log read again: its lines are late, its end is ignored.
        harness.processElement(whole, 5);
        assertThat(harness.getSideOutput(BuildVerdictFunction.LATE)).hasSize(3);
    }

    /** Backfill options that decide whole logs on arrival from watermark 100 on. */
    private static GraphOptions decidingOnArrival() {
        return GraphOptions.backfill().withLinesInLogOrder().withWholeLogsDecidedFromWatermark(100);
    }

    /** A whole log as tagging marks it when none of its lines went to CEP. */
    private BuildSignal markedWhole(String build, String... texts) {
        BuildSignal whole = wholeLog(build, texts);
        whole.wholeLog = true;
        return whole;
    }

    /** A failing log long enough that its tail is compacted while it is applied. */
    private static String[] longFailingLog() {
        List<String> texts = new java.util.ArrayList<>();
        texts.add("Initializing build environment...");
        texts.add("Executing user build command: npm run build");
        for (int i = 0; i < 3 * CauseContext.TAIL_LINES; i++) {
            texts.add("compiled chunk " + i);
        }
        texts.add("npm ERR! Missing script: \"build\"");
        texts.add("npm ERR! A complete log of this run can be found in: /x.log");
        texts.add("Failed: build command exited with code: 1");
        return texts.toArray(new String[0]);
    }

    @Test
    void aWholeLogIsDecidedAsItArrivesWithNothingLeftInStateButTheTombstone() throws Exception {
        open(decidingOnArrival());
        harness.processWatermark(100);
        BuildSignal whole = markedWhole("b-1", longFailingLog());
        harness.processElement(whole, 200);

        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).as("decided without waiting for the watermark").hasSize(1);
        assertThat(verdicts.get(0).signature).isEqualTo("npm-missing-script");
        assertThat(verdicts.get(0).decidedBy).isEqualTo("log");
        assertThat(harness.numEventTimeTimers()).isZero();
        for (String state : new String[] {"build", "hits", "error-lines", "stage-marks", "tail"}) {
            assertThat(keysIn(state)).as(state).isZero();
        }
        assertThat(keysIn("decided")).isEqualTo(1);

        // A copy of the same log read again is still recognised: dead letters, no second verdict.
        harness.processElement(whole, 300);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(BuildVerdictFunction.LATE)).isNotEmpty();
    }

    @Test
    void aWholeLogDecidedOnArrivalGetsTheVerdictItsTimerWouldHaveGiven() throws Exception {
        String[] log = longFailingLog();
        open(GraphOptions.backfill().withLinesInLogOrder().withCandidateSets());
        harness.processElement(markedWhole("b-1", log), 200);
        harness.processWatermark(Long.MAX_VALUE);
        BuildVerdict byTimer = harness.extractOutputValues().get(0);
        CandidateSet setByTimer =
                harness.getSideOutput(BuildVerdictFunction.CANDIDATE_SETS).poll().getValue();
        harness.close();

        open(decidingOnArrival().withCandidateSets());
        harness.processWatermark(100);
        harness.processElement(markedWhole("b-1", log), 200);
        BuildVerdict onArrival = harness.extractOutputValues().get(0);
        CandidateSet setOnArrival =
                harness.getSideOutput(BuildVerdictFunction.CANDIDATE_SETS).poll().getValue();

        assertThat(onArrival).usingRecursiveComparison().isEqualTo(byTimer);
        assertThat(setOnArrival).usingRecursiveComparison().isEqualTo(setByTimer);
    }

    @Test
    void beforeEveryEventHasPassedAWholeLogWaitsForTheWatermark() throws Exception {
        open(decidingOnArrival());
        harness.processWatermark(50);
        harness.processElement(markedWhole("b-1", longFailingLog()), 60);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(keysIn("build")).isEqualTo(1);
        // Its event may still come (a backfill stamps events below the watermark set above) ...
        harness.processElement(event("b-1", "failure"), 70);
        harness.processWatermark(100);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        // ... and it counts, as it always did.
        assertThat(verdicts.get(0).repoName).isEqualTo("repo");
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keysIn("build")).isZero();
    }

    @Test
    void aWholeLogAfterItsEventIsDecidedOnArrivalWithTheEventsStateCleared() throws Exception {
        String[] log = longFailingLog();
        open(GraphOptions.backfill().withLinesInLogOrder());
        harness.processElement(event("b-1", "failure"), 1);
        harness.processElement(markedWhole("b-1", log), 200);
        harness.processWatermark(Long.MAX_VALUE);
        BuildVerdict byTimer = harness.extractOutputValues().get(0);
        harness.close();

        harness =
                onRocksDb(
                        new BuildVerdictOperator(
                                new BuildVerdictFunction(
                                        CATALOG, TestCatalogs.RANKER, decidingOnArrival())),
                        null);
        harness.processElement(event("b-1", "failure"), 1);
        assertThat(keysIn("build")).isEqualTo(1);
        assertThat(harness.numEventTimeTimers())
                .as("no end-of-input timer: the operator decides open builds when the input ends")
                .isZero();
        harness.processWatermark(100);
        harness.processElement(markedWhole("b-1", log), 200);

        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).repoName).isEqualTo("repo");
        assertThat(verdicts.get(0)).usingRecursiveComparison().isEqualTo(byTimer);
        for (String state : new String[] {"build", "hits", "error-lines", "stage-marks", "tail"}) {
            assertThat(keysIn(state)).as(state).isZero();
        }
        assertThat(keysIn("decided")).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aBuildWithLinesInStateOrALogNotMarkedWholeIsDecidedByItsTimer() throws Exception {
        open(decidingOnArrival());
        harness.processWatermark(100);
        // Some of its log came before (unmarked): the rest goes the usual way.
        harness.processElement(line("b-1", 1, "Initializing build environment..."), 101);
        harness.processElement(markedWhole("b-1", longFailingLog()), 200);
        // Not marked whole (a line went to CEP, or the log came in more than one chunk).
        harness.processElement(wholeLog("b-2", longFailingLog()), 200);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(keysIn("build")).isEqualTo(2);

        harness.processWatermark(200);
        assertThat(harness.extractOutputValues())
                .extracting(v -> v.buildId)
                .containsExactlyInAnyOrder("b-1", "b-2");
        assertThat(keysIn("build")).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anEventTrimmedToItsEssentialsGivesTheSameVerdict() throws Exception {
        open(GraphOptions.backfill());
        BuildEvent full = event("b-full", "failure").event;
        full.payload.buildTriggerMetadata.commitMessage = "Update landing page";
        full.payload.buildTriggerMetadata.author = "dev@example.com";
        BuildEvent copy = event("b-trim", "failure").event;
        copy.payload.buildTriggerMetadata.commitMessage = "Update landing page";
        copy.payload.buildTriggerMetadata.author = "dev@example.com";
        BuildSignal trimmed = BuildSignal.ofEssentials(copy);
        assertThat(trimmed.event.payload.buildTriggerMetadata.commitMessage).isNull();
        harness.processElement(BuildSignal.of(full), 1);
        harness.processElement(trimmed, 1);
        feedFailingBuild("b-full");
        feedFailingBuild("b-trim");
        harness.processElement(logEnd("b-full", 6), 7);
        harness.processElement(logEnd("b-trim", 6), 7);
        harness.processWatermark(Long.MAX_VALUE);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(1).repoName).isEqualTo("repo");
        assertThat(verdicts.get(1).workerName).isEqualTo("my-worker");
        assertThat(verdicts.get(1))
                .usingRecursiveComparison()
                .ignoringFields("buildId")
                .isEqualTo(verdicts.get(0));
    }

    @Test
    void theGraphsOperatorDecidesOpenBuildsWhenTheInputEndsAlsoAfterARestore() throws Exception {
        var first =
                onRocksDb(
                        new BuildVerdictOperator(
                                new BuildVerdictFunction(
                                        CATALOG, TestCatalogs.RANKER, GraphOptions.backfill())),
                        null);
        // Three builds known from their events; only one of them has a log.
        first.processElement(event("b-log", "failure"), 1);
        first.processElement(event("b-no-log", "failure"), 2);
        first.processElement(event("b-no-log-2", null), 3);
        assertThat(first.numEventTimeTimers()).as("no end-of-input timers").isZero();
        first.processElement(wholeLog("b-log", "npm ERR! Missing script: \"build\""), 4);
        first.processWatermark(4);
        assertThat(first.extractOutputValues()).extracting(v -> v.buildId).containsExactly("b-log");
        var snapshot = first.snapshot(1, 5);
        first.close();

        var restored =
                onRocksDb(
                        new BuildVerdictOperator(
                                new BuildVerdictFunction(
                                        CATALOG, TestCatalogs.RANKER, GraphOptions.backfill())),
                        snapshot);
        restored.processWatermark(Long.MAX_VALUE);
        List<BuildVerdict> verdicts = restored.extractOutputValues();
        assertThat(verdicts)
                .extracting(v -> v.buildId + "|" + v.decidedBy)
                .containsExactlyInAnyOrder("b-no-log|end-of-input", "b-no-log-2|end-of-input");
        // Before the final watermark, so that downstream they are not late.
        List<Object> output = new java.util.ArrayList<>(restored.getOutput());
        assertThat(output.get(output.size() - 1))
                .isEqualTo(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        assertThat(restored.getOutput())
                .filteredOn(StreamRecord.class::isInstance)
                .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                .as("stamped as their end-of-input timers would have stamped them")
                .containsOnly(BuildVerdictFunction.END_OF_INPUT);
        try (Stream<?> keys =
                restored.getOperator()
                        .getKeyedStateBackend()
                        .getKeys("build", VoidNamespace.INSTANCE)) {
            assertThat(keys.count()).as("no build left open").isZero();
        }
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    @Test
    void signalsAfterTheVerdictGoToTheLateSideOutput() throws Exception {
        open(GraphOptions.backfill());
        feedFailingBuild("b-1");
        harness.processElement(logEnd("b-1", 6), 6);
        harness.processWatermark(10);
        assertThat(harness.extractOutputValues()).hasSize(1);

        feed("b-1", 7, "npm ERR! something late");
        harness.processElement(event("b-1", "failure"), 12);
        harness.processElement(
                logEnd("b-1", 7), 12); // a control signal: ignored, not a dead letter
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).hasSize(1);
        List<DeadLetter> late =
                harness.getSideOutput(BuildVerdictFunction.LATE).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
        assertThat(late).hasSize(2);
        assertThat(late)
                .allSatisfy(
                        d -> {
                            assertThat(d.reason).isEqualTo("after-verdict");
                            assertThat(d.buildId).isEqualTo("b-1");
                        });
        assertThat(late.get(0).position).isEqualTo("7");
        assertThat(late.get(1).detail).contains("build event");
        assertThat(keysIn("build")).isZero();
    }

    @Test
    void endOfJobLineAloneDoesNotDecideInBackfill() throws Exception {
        open(GraphOptions.backfill());
        feedFailingBuild("b-1");
        // lines after the end-of-job line still count when the archive marks log ends
        feed("b-1", 7, "remote: internal error while uploading");
        harness.processWatermark(100);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processElement(logEnd("b-1", 7), 101);
        harness.processWatermark(101);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.signature).isEqualTo("internal-error");
        assertThat(v.fault).isEqualTo("platform");
        assertThat(v.lines).isEqualTo(7);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void orderOfSignalsBeforeTheWatermarkDoesNotMatter() throws Exception {
        open(GraphOptions.backfill());
        harness.processElement(logEnd("b-2", 3), 3);
        feed("b-2", 2, "Cloning repository...");
        feed("b-2", 3, "fatal: Authentication failed for 'https://example.invalid/r.git/'");
        feed("b-2", 1, "Initializing build environment...");
        harness.processWatermark(3);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.decidedBy).isEqualTo("end-of-input");
        assertThat(v.outcome)
                .isEqualTo(BuildVerdict.FAILURE); // no end line, but an error-level cause
        assertThat(v.category).isEqualTo("clone");
        assertThat(v.lines).isEqualTo(3);
    }

    @Test
    void logEndBeforeTheEndOfJobLineIsStillDecidedByLog() throws Exception {
        // In the graph the LogEnd comes from its own source and can overtake the build's last
        // lines; everything before the watermark counts, so the label must not depend on that order
        // either. Today applyLogEnd fixes decidedBy when the LogEnd arrives ("end-of-input", since
        // no end-of-job line was seen yet), although the outcome is then taken from the end-of-job
        // line.
        open(GraphOptions.backfill());
        harness.processElement(logEnd("b-9", 2), 2);
        feed("b-9", 1, "Executing user build command: npm run build");
        feed("b-9", 2, "Failed: build command exited with code: 1");
        harness.processWatermark(2);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.decidedBy).isEqualTo("log");
    }

    @Test
    void outOfOrderLinesKeepTimestampsBySeq() throws Exception {
        // The graph keeps each build's lines in order (tagging runs at the source's parallelism),
        // and sources must deliver a build's lines in order; stages follow arrival order. First and
        // last timestamps follow seq all the same, so they stay right even if a source breaks that
        // contract.
        open(GraphOptions.backfill());
        harness.processElement(
                signal("b-10", 4, "2024-05-01T10:00:04Z", "remote: internal error"), 4);
        harness.processElement(
                signal("b-10", 3, "2024-05-01T10:00:03Z", "Executing user build command: x"), 3);
        harness.processElement(
                signal("b-10", 1, "2024-05-01T10:00:01Z", "Cloning repository..."), 1);
        harness.processElement(
                signal(
                        "b-10",
                        5,
                        "2024-05-01T10:00:05Z",
                        "Failed: build command exited with code: 1"),
                5);
        harness.processElement(
                signal("b-10", 2, "2024-05-01T10:00:02Z", "Receiving objects: 100%"), 2);
        harness.processElement(logEnd("b-10", 5), 5);
        harness.processWatermark(5);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("internal-error");
        assertThat(v.firstTimestamp).isEqualTo("2024-05-01T10:00:01Z");
        assertThat(v.lastTimestamp).isEqualTo("2024-05-01T10:00:05Z");
    }

    private BuildSignal signal(String build, long seq, String timestamp, String text) {
        return BuildSignal.of(tagger.tag(new LogLine(build, seq, timestamp, text)));
    }

    @Test
    void endOfInputDecidesBuildsWithoutAnEnd() throws Exception {
        open(GraphOptions.backfill());
        feed("b-3", 1, "Cloning repository...");
        feed("b-3", 2, "Executing user build command: npm run build");
        feed("b-3", 3, "Error: Cannot find module 'x'");
        harness.processWatermark(1_000_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(Long.MAX_VALUE);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.decidedBy).isEqualTo("end-of-input");
        assertThat(v.outcome).isEqualTo(BuildVerdict.UNKNOWN);
        assertThat(v.evidence).extracting(e -> e.line).containsExactly(3L);
        assertThat(keysIn("build")).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void keysAreIndependent() throws Exception {
        open(GraphOptions.backfill());
        feedFailingBuild("b-1");
        feed("b-2", 1, "Cloning repository...");
        feed("b-2", 2, "Success: Build command completed");
        harness.processElement(logEnd("b-2", 2), 2);
        harness.processWatermark(6);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        BuildVerdict ok = verdicts.get(0);
        assertThat(ok.buildId).isEqualTo("b-2");
        assertThat(ok.outcome).isEqualTo(BuildVerdict.SUCCESS);
        assertThat(ok.category).isNull();
        assertThat(ok.fault).isNull();
        assertThat(keysIn("build")).isEqualTo(1); // b-1 is still open
        assertThat(keysIn("decided")).isEqualTo(1);
    }

    /** The vite-resolve sequence matched on lines 2 and 3 of {@code build}. */
    private static SequenceMatch viteResolveMatch(String build) {
        SequenceMatch m = new SequenceMatch();
        m.buildId = build;
        m.sequenceId = "vite-resolve";
        m.summary = "an import could not be resolved";
        m.lines = new long[] {2, 3};
        m.texts =
                new String[] {
                    "vite v5.4.2 building for production...",
                    "✘ [ERROR] Could not resolve \"./App\""
                };
        m.evidenceIndex = 1;
        return m;
    }

    @Test
    void sequenceMatchesAndEventsFeedTheVerdict() throws Exception {
        open(GraphOptions.backfill());
        feed("b-4", 1, "Executing user build command: vite build");
        feed("b-4", 2, "vite v5.4.2 building for production...");
        feed("b-4", 3, "✘ [ERROR] Could not resolve \"./App\"");
        feed("b-4", 4, "Failed: build command exited with code: 1");
        SequenceMatch m = viteResolveMatch("b-4");
        harness.processElement(BuildSignal.of(m), 3);
        harness.processElement(event("b-4", "failure"), 4); // backfill: annotates, does not decide
        harness.processWatermark(1000);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement(logEnd("b-4", 4), 1001);
        harness.processWatermark(1001);

        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.signature).isEqualTo("vite-resolve");
        assertThat(v.category).isEqualTo("build_command");
        assertThat(v.evidence).extracting(e -> e.line).startsWith(3L, 2L);
        assertThat(v.workerName).isEqualTo("my-worker");
        assertThat(v.accountId).isEqualTo("acc");
        assertThat(v.repoName).isEqualTo("repo");
        assertThat(v.branch).isEqualTo("main");
        assertThat(v.commitHash).isEqualTo("abc123");
    }

    // ---- streaming
    // -------------------------------------------------------------------------------

    @Test
    void inactivityTimeoutYieldsAVerdict() throws Exception {
        GraphOptions options = GraphOptions.streaming();
        long timeout = options.inactivityTimeout.toMillis();
        open(options);
        long t0 = 1_000_000;
        harness.processElement(line("b-5", 1, "Cloning repository..."), t0);
        harness.processElement(line("b-5", 2, "Error: hung up unexpectedly"), t0 + 20 * MINUTE);

        harness.processWatermark(t0 + timeout);
        assertThat(harness.extractOutputValues())
                .as("activity at +20 min pushed the timeout out")
                .isEmpty();

        harness.processWatermark(t0 + 20 * MINUTE + timeout - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(t0 + 20 * MINUTE + timeout);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).decidedBy).isEqualTo("inactivity");
        assertThat(verdicts.get(0).outcome).isEqualTo(BuildVerdict.UNKNOWN);
        assertThat(verdicts.get(0).stage).isEqualTo("clone");
        assertThat(keysIn("build")).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aLiveBuildHasOnlyItsInactivityTimerAndIsStillDecidedWhenTheInputEnds() throws Exception {
        open(GraphOptions.streaming());
        long t0 = 1_000_000;
        harness.processElement(line("b-10", 1, "Cloning repository..."), t0);
        harness.processElement(line("b-10", 2, "Error: hung up unexpectedly"), t0 + 1);
        assertThat(harness.numEventTimeTimers())
                .as("the inactivity timer, no end-of-input timer besides it")
                .isEqualTo(1);

        // A stopped job's input ends (stop --drain): the final watermark fires every timer.
        harness.processWatermark(Long.MAX_VALUE);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).decidedBy).isEqualTo("inactivity");
        assertThat(keysIn("build")).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMatchWithoutATimeBeforeTheFirstWatermarkDoesNotDateTheBuild() throws Exception {
        // Live, CEP matches in processing time: its output carries no timestamp, and it may reach
        // the verdict operator before the build's lines and before any watermark.
        open(GraphOptions.streaming());
        long t0 = 1_700_000_000_000L;
        SequenceMatch m = viteResolveMatch("b-9");
        harness.processElement(new StreamRecord<>(BuildSignal.of(m)));
        // The first watermark comes before the build's lines do.
        harness.processWatermark(t0 - 1_000);
        assertThat(harness.extractOutputValues())
                .as("no inactivity timeout dated from Long.MIN_VALUE")
                .isEmpty();
        harness.processElement(line("b-9", 1, "Executing user build command: vite build"), t0 + 1);
        harness.processElement(line("b-9", 2, "vite v5.4.2 building for production..."), t0 + 2);
        harness.processElement(line("b-9", 3, "✘ [ERROR] Could not resolve \"./App\""), t0 + 3);
        harness.processElement(line("b-9", 4, "Failed: build command exited with code: 1"), t0 + 4);
        harness.processWatermark(t0 + 4);
        assertThat(harness.extractOutputValues()).as("waits for the confirmation").isEmpty();

        harness.processWatermark(t0 + 4 + CONFIRM);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).decidedBy).isEqualTo("log");
        assertThat(verdicts.get(0).signature).isEqualTo("vite-resolve");
        assertThat(harness.getOutput())
                .filteredOn(StreamRecord.class::isInstance)
                .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                .containsExactly(t0 + 4 + CONFIRM);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void eventOutcomeDecidesAfterTheSettleDelay() throws Exception {
        GraphOptions options = GraphOptions.streaming();
        long settle = options.eventSettleDelay.toMillis();
        open(options);
        long t0 = 5_000;
        harness.processElement(line("b-6", 1, "Executing user build command: npm run build"), t0);
        harness.processElement(event("b-6", "failure"), t0 + 1000);
        // a line that arrives after the event but within the settle delay still counts
        harness.processElement(line("b-6", 2, "npm ERR! Missing script: \"build\""), t0 + 2000);
        harness.processWatermark(t0 + 1000 + settle - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(t0 + 1000 + settle);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.decidedBy).isEqualTo("event");
        assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(v.signature).isEqualTo("npm-missing-script");
        assertThat(keysIn("build")).isZero();
    }

    @Test
    void endOfJobLineDecidesInStreaming() throws Exception {
        open(GraphOptions.streaming());
        feedFailingBuild("b-7");
        harness.processWatermark(6 + CONFIRM - 1);
        assertThat(harness.extractOutputValues()).as("waits for the confirmation").isEmpty();
        harness.processWatermark(6 + CONFIRM);
        BuildVerdict v = harness.extractOutputValues().get(0);
        assertThat(v.decidedBy).isEqualTo("log");
        assertThat(v.signature).isEqualTo("npm-missing-script");
        assertThat(keysIn("build")).isZero();
        // decide() deletes the end-of-input and inactivity timers: nothing is left behind
        assertThat(harness.numEventTimeTimers()).isZero();
        // an event that comes later is a dead letter, not a second verdict
        harness.processElement(event("b-7", "failure"), 7);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(BuildVerdictFunction.LATE)).hasSize(1);
    }

    @Test
    void unexpectedEventOutcomeDoesNotBreakTheOperator() throws Exception {
        // Json.parseBuildEvent rejects such values; an event built elsewhere must still not crash
        // the operator nor leave the vocabulary: the unknown outcome is ignored and does not end
        // the build.
        open(GraphOptions.streaming());
        harness.processElement(line("b-8", 1, "Cloning repository..."), 1000);
        harness.processElement(event("b-8", "skipped"), 2000);
        harness.processWatermark(2000 + Duration.ofSeconds(30).toMillis());
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(Long.MAX_VALUE);
        List<BuildVerdict> verdicts = harness.extractOutputValues();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).outcome)
                .isIn(Set.of("success", "failure", "canceled", "unknown"));
    }
}
