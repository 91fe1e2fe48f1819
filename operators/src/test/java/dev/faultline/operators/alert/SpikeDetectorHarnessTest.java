package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.RocksDbHarness;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alert state machine on RocksDB, driven by verdicts and watermarks through Flink's test
 * harness.
 */
class SpikeDetectorHarnessTest {
    private static final long T0 = Instant.parse("2025-06-18T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final String CLONE_KEY =
            "faultline/platform-failure-spike/clone/git.could-not-resolve-host";

    private KeyedOneInputStreamOperatorTestHarness<Integer, BuildVerdict, Alert> harness;
    private int ids;

    private KeyedOneInputStreamOperatorTestHarness<Integer, BuildVerdict, Alert> open(
            AlertFamily family, OperatorSubtaskState restore) throws Exception {
        return open(new SpikeDetector(AlertRules.defaults(), family), restore);
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, BuildVerdict, Alert> open(
            SpikeDetector detector, OperatorSubtaskState restore) throws Exception {
        harness =
                RocksDbHarness.open(
                        new KeyedProcessOperator<>(detector),
                        (BuildVerdict v) -> 0,
                        Types.INT,
                        restore);
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private BuildVerdict verdict(
            long endedAt,
            String outcome,
            String category,
            String fault,
            String signature,
            String stage,
            String evidence) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-" + (++ids);
        v.outcome = outcome;
        v.category = category;
        v.fault = fault;
        v.signature = signature;
        v.stage = stage;
        v.summary = signature == null ? "Build succeeded" : "summary of " + signature;
        v.evidence =
                evidence == null ? new Evidence[0] : new Evidence[] {new Evidence(7, evidence)};
        v.firstTimestamp = Instant.ofEpochMilli(endedAt - 30_000).toString();
        v.lastTimestamp = Instant.ofEpochMilli(endedAt).toString();
        v.workerName = "worker-" + ids;
        return v;
    }

    private void success(long at) throws Exception {
        feed(verdict(at, "success", null, null, null, null, null));
    }

    static final String CLONE_ADVICE =
            "Retry the build: the build machine could not resolve the git host's name.";

    private void cloneFailure(long at) throws Exception {
        BuildVerdict v =
                verdict(
                        at,
                        "failure",
                        "clone",
                        "platform",
                        "git.could-not-resolve-host",
                        "clone",
                        "fatal: unable to access 'https://x-access-token:ghs_secret123456@github.com/o/r.git/': Could not resolve host: github.com");
        v.advice = CLONE_ADVICE;
        v.docs = "https://git-scm.com/docs/git-clone";
        feed(v);
    }

    private void feed(BuildVerdict v) throws Exception {
        harness.processElement(
                new StreamRecord<>(v, Instant.parse(v.lastTimestamp).toEpochMilli() + 30_000));
    }

    /** Healthy traffic: one success every 20 s in [from, to). */
    private void healthy(long from, long to) throws Exception {
        for (long t = from; t < to; t += 20_000) {
            success(t);
        }
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private void internalError(long at, String accountId) throws Exception {
        BuildVerdict v =
                verdict(
                        at,
                        "failure",
                        "internal",
                        "platform",
                        "platform.lost-communication",
                        "build",
                        "lost communication with the server");
        v.accountId = accountId;
        feed(v);
    }

    @Test
    void oneAccountsBuildsNeverPageHoweverManyFail() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 10 * MINUTE);
        for (int i = 0; i < 12; i++) {
            internalError(T0 + 2 * MINUTE + i * 10_000, "acct-mallory"); // internal pages at 3
        }
        harness.processWatermark(new Watermark(T0 + 10 * MINUTE));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void theSameFailuresFromSeveralAccountsPage() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 10 * MINUTE);
        for (int i = 0; i < 3; i++) {
            internalError(T0 + 2 * MINUTE + i * 10_000, "acct-" + i);
        }
        harness.processWatermark(new Watermark(T0 + 10 * MINUTE));
        assertThat(alerts())
                .filteredOn(a -> Alert.FIRING.equals(a.status))
                .extracting(a -> a.category)
                .contains("internal");
    }

    @Test
    void aBurstOfPlatformCloneFailuresPagesOnceAndResolvesAfterTheQuietPeriod() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 10 * MINUTE);
        for (int i = 0; i < 20; i++) {
            cloneFailure(T0 + 3 * MINUTE + i * 9_000); // 20 failures in 3 minutes
        }
        harness.processWatermark(new Watermark(T0 + 10 * MINUTE));
        List<Alert> firing =
                alerts().stream()
                        .filter(a -> a.dedupKey.equals(CLONE_KEY))
                        .collect(Collectors.toList());
        assertThat(firing).isNotEmpty();
        Alert first = firing.get(0);
        assertThat(first.status).isEqualTo(Alert.FIRING);
        assertThat(first.revision).isEqualTo(1);
        assertThat(first.severity).isEqualTo("critical");
        assertThat(first.urgency).isEqualTo("high");
        assertThat(first.failures).isGreaterThanOrEqualTo(10);
        assertThat(first.builds).isGreaterThan(first.failures);
        assertThat(first.summary)
                .startsWith("Platform clone failures: ")
                .contains("git.could-not-resolve-host");
        assertThat(first.examples).hasSizeLessThanOrEqualTo(3).isNotEmpty();
        // The alert names a signature: it shows the advice its builds' verdicts carried (through
        // the detector's RocksDB state).
        assertThat(first.advice).isEqualTo(CLONE_ADVICE);
        assertThat(first.docs).isEqualTo("https://git-scm.com/docs/git-clone");
        assertThat(first.examples[0].advice).isEqualTo(CLONE_ADVICE);
        assertThat(first.examples[0].evidence[0].text)
                .contains("[REDACTED]@github.com")
                .doesNotContain("ghs_secret");
        // the page starts at the first window end after the 10th failure (failure 10 ends at 3m81s)
        assertThat(Instant.parse(first.startsAt)).isEqualTo(Instant.ofEpochMilli(T0 + 5 * MINUTE));
        assertThat(firing).allMatch(a -> a.status.equals(Alert.FIRING));
        assertThat(firing.stream().mapToInt(a -> a.revision)).doesNotHaveDuplicates();
        assertThat(alerts())
                .noneMatch(a -> a.kind.equals(Alert.STAGE_SPIKE))
                .as("the signature explains the stage");

        // quiet traffic: resolved once below threshold for 10 minutes
        harness.getOutput().clear();
        healthy(T0 + 10 * MINUTE, T0 + 40 * MINUTE);
        harness.processWatermark(new Watermark(T0 + 40 * MINUTE));
        List<Alert> after = alerts();
        assertThat(after).hasSize(1);
        Alert end = after.get(0);
        assertThat(end.status).isEqualTo(Alert.RESOLVED);
        assertThat(end.dedupKey).isEqualTo(CLONE_KEY);
        assertThat(end.startsAt).isEqualTo(first.startsAt);
        // the window ending at 9m still holds 13 failures, the one ending at 10m only 6: below the
        // threshold from 10m, resolved after 10 quiet minutes
        assertThat(Instant.parse(end.endsAt)).isEqualTo(Instant.ofEpochMilli(T0 + 20 * MINUTE));
    }

    @Test
    void oneFailureOrUserFaultsNeverPage() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 20 * MINUTE);
        cloneFailure(T0 + 2 * MINUTE);
        for (int i = 0; i < 50; i++) {
            feed(
                    verdict(
                            T0 + 5 * MINUTE + i * 1000,
                            "failure",
                            "build_command",
                            "user",
                            "tsc.error",
                            "build",
                            "error TS2322"));
        }
        harness.processWatermark(new Watermark(T0 + 30 * MINUTE));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void mixedPlatformFailuresAtOneStageRaiseTheStageRollup() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 10 * MINUTE);
        String[] signatures = {
            "npm.network", "npm.network-code", "pip.network", "network.dns-failure"
        };
        for (int i = 0; i < 16; i++) {
            feed(
                    verdict(
                            T0 + 2 * MINUTE + i * 10_000,
                            "failure",
                            "dependency_installation",
                            "platform",
                            signatures[i % 4],
                            "install",
                            "npm ERR! network"));
        }
        harness.processWatermark(new Watermark(T0 + 10 * MINUTE));
        List<Alert> out = alerts();
        assertThat(out).isNotEmpty().allMatch(a -> a.kind.equals(Alert.STAGE_SPIKE));
        assertThat(out.get(0).dedupKey).isEqualTo("faultline/stage-failure-spike/install");
        assertThat(out.get(0).severity).isEqualTo("error");
    }

    @Test
    void aSignatureSeenAtTwoStagesKeepsOneStageLabelAndExplainsBothStages() throws Exception {
        // The same DNS failure breaks the clone of some builds and the dependency install of others
        // (a signature has no stage of its own: it is the stage the build was in). 18 at install in
        // the 3rd minute, 18 at clone in the 4th: one signature alert whose windows first hold both
        // stages, then clone only; neither stage roll-up (15) may page on top of it.
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 30 * MINUTE);
        for (int i = 0; i < 18; i++) {
            feed(
                    verdict(
                            T0 + 2 * MINUTE + i * 3_000,
                            "failure",
                            "clone",
                            "platform",
                            "git.could-not-resolve-host",
                            "install",
                            "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com"));
        }
        for (int i = 0; i < 18; i++) {
            feed(
                    verdict(
                            T0 + 3 * MINUTE + i * 3_000,
                            "failure",
                            "clone",
                            "platform",
                            "git.could-not-resolve-host",
                            "clone",
                            "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com"));
        }
        harness.processWatermark(new Watermark(T0 + 30 * MINUTE));
        List<Alert> out = alerts();
        assertThat(out)
                .noneMatch(a -> a.kind.equals(Alert.STAGE_SPIKE))
                .as("the signature explains both stages");
        List<Alert> clone =
                out.stream().filter(a -> a.dedupKey.equals(CLONE_KEY)).collect(Collectors.toList());
        assertThat(clone).hasSizeGreaterThan(2);
        assertThat(clone.get(clone.size() - 1).status).isEqualTo(Alert.RESOLVED);
        // Alertmanager identifies an alert by its labels (stage is one): one incident, one stage
        assertThat(clone.stream().map(a -> a.stage).distinct())
                .as("stage of every record")
                .hasSize(1);
    }

    @Test
    void aBackfillOfWeeksEvaluatesInTimeLinearInItsLength() throws Exception {
        // A backfill has no watermark until its input ends, so every bucket of the archive is in
        // state when the evaluations run. 14 days, a build every 30 s, one clone burst on day 5:
        // reading all state at every evaluation took minutes here (77 s for 10 days), reading just
        // the window's buckets ~5 s.
        open(AlertFamily.PLATFORM, null);
        long days = 14;
        long burst = T0 + 5 * 86_400_000L;
        for (long t = T0; t < T0 + days * 86_400_000L; t += 30_000) {
            success(t);
        }
        for (int i = 0; i < 20; i++) {
            cloneFailure(burst + i * 9_000);
        }
        long start = System.nanoTime();
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Alert> clone =
                alerts().stream()
                        .filter(a -> a.dedupKey.equals(CLONE_KEY))
                        .collect(Collectors.toList());
        assertThat(clone.get(0).revision).isEqualTo(1);
        assertThat(Instant.parse(clone.get(0).startsAt)).isAfter(Instant.ofEpochMilli(burst));
        assertThat(clone.get(clone.size() - 1).status).isEqualTo(Alert.RESOLVED);
        assertThat(clone.stream().filter(a -> a.revision == 1)).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(seconds).as("evaluating 14 days of buckets").isLessThan(40);
    }

    /**
     * 20 clone failures within 3 minutes page (revision 1); the state just after, the harness
     * closed.
     */
    private OperatorSubtaskState snapshotAfterABurstPaged() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 6 * MINUTE);
        for (int i = 0; i < 20; i++) {
            cloneFailure(T0 + 3 * MINUTE + i * 9_000);
        }
        harness.processWatermark(new Watermark(T0 + 6 * MINUTE));
        assertThat(alerts()).anyMatch(a -> a.dedupKey.equals(CLONE_KEY) && a.revision == 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 6 * MINUTE);
        harness.close();
        harness = null;
        return snapshot;
    }

    @Test
    void aRestartWithAnotherSlideKeepsCountingOnTheNewGrid() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfterABurstPaged();

        // restart with 10-minute windows every 2 minutes: the old 1-minute buckets move onto the
        // new grid
        AlertRules d = AlertRules.defaults();
        AlertRules wider =
                new AlertRules(
                        java.time.Duration.ofMinutes(10),
                        java.time.Duration.ofMinutes(2),
                        d.quietPeriod,
                        d.platformDefault,
                        d.perCategory,
                        d.stage,
                        d.unknownWindow,
                        d.unknownMinFailures,
                        d.maxExamples);
        open(new SpikeDetector(wider, AlertFamily.PLATFORM), snapshot);
        healthy(T0 + 6 * MINUTE, T0 + 60 * MINUTE);
        harness.processWatermark(new Watermark(T0 + 60 * MINUTE));
        List<Alert> after = alerts();
        assertThat(after).noneMatch(a -> a.revision == 1);
        // the old 1-minute buckets (7 failures at 3m, 7 at 4m, 6 at 5m) now count as 7 at 2m and 13
        // at 4m: windows ending 8m to 12m still hold all 20, the one ending 14m the 13 from 4m on
        Alert first = after.get(0);
        assertThat(first.dedupKey).isEqualTo(CLONE_KEY);
        assertThat(first.status).isEqualTo(Alert.FIRING);
        assertThat(first.failures).isEqualTo(13);
        assertThat(Instant.parse(first.windowEnd))
                .isEqualTo(Instant.ofEpochMilli(T0 + 14 * MINUTE));
        assertThat(after)
                .anyMatch(a -> a.dedupKey.equals(CLONE_KEY) && a.status.equals(Alert.RESOLVED));
        assertThat(after)
                .allMatch(a -> Instant.parse(a.windowEnd).toEpochMilli() % (2 * MINUTE) == 0);
    }

    @Test
    void aRestartFromASnapshotDoesNotPageAgain() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfterABurstPaged();

        open(AlertFamily.PLATFORM, snapshot);
        healthy(T0 + 6 * MINUTE, T0 + 30 * MINUTE);
        harness.processWatermark(new Watermark(T0 + 30 * MINUTE));
        assertThat(alerts()).noneMatch(a -> a.revision == 1);
        assertThat(alerts())
                .anyMatch(a -> a.dedupKey.equals(CLONE_KEY) && a.status.equals(Alert.RESOLVED));
    }

    @Test
    void aRecurringUnknownFailureRaisesALowUrgencyTriageAlert() throws Exception {
        open(AlertFamily.UNKNOWN, null);
        healthy(T0, T0 + 30 * MINUTE);
        for (int i = 0; i < 3; i++) {
            feed(
                    verdict(
                            T0 + (5 + 7 * i) * MINUTE,
                            "failure",
                            "unknown",
                            "unknown",
                            null,
                            "build",
                            "Segfault in worker 12" + i + " at 7ff3a" + i + "2c0 while linking"));
        }
        // one other unknown failure, different wording: not recurring
        feed(
                verdict(
                        T0 + 8 * MINUTE,
                        "failure",
                        "unknown",
                        "unknown",
                        null,
                        "build",
                        "something else broke"));
        harness.processWatermark(new Watermark(T0 + 30 * MINUTE));
        List<Alert> out = alerts();
        assertThat(out).hasSize(1);
        Alert a = out.get(0);
        assertThat(a.kind).isEqualTo(Alert.UNKNOWN_RECURRING);
        assertThat(a.severity).isEqualTo("info");
        assertThat(a.urgency).isEqualTo("low");
        assertThat(a.failures).isEqualTo(3);
        assertThat(a.pattern).isEqualTo("Segfault in worker <n> at <hex> while linking");
        assertThat(a.dedupKey).startsWith("faultline/unknown-failure-recurring/build/");
    }

    @Test
    void lateVerdictsStillCount() throws Exception {
        open(AlertFamily.PLATFORM, null);
        healthy(T0, T0 + 20 * MINUTE);
        harness.processWatermark(new Watermark(T0 + 20 * MINUTE));
        // a wave of failures whose builds ended long ago (decided late): counted in the open window
        for (int i = 0; i < 12; i++) {
            cloneFailure(T0 + MINUTE + i * 1000);
        }
        harness.processWatermark(new Watermark(T0 + 22 * MINUTE));
        assertThat(alerts()).anyMatch(a -> a.dedupKey.equals(CLONE_KEY));
    }

    /**
     * Feeds 12 clone failures ending 4:00-4:55 as a live job decides them: each 30 s after its end.
     */
    private void liveBurst() throws Exception {
        for (int i = 0; i < 12; i++) {
            long ended = T0 + 4 * MINUTE + i * 5_000;
            cloneFailure(ended);
            harness.processWatermark(new Watermark(ended + 30_000));
        }
        harness.processWatermark(new Watermark(T0 + 8 * MINUTE));
    }

    @Test
    void withTheSettleDelayALiveWindowCountsTheBuildsThatEndedInIt() throws Exception {
        open(
                new SpikeDetector(
                        AlertRules.defaults(),
                        AlertFamily.PLATFORM,
                        java.time.Duration.ofSeconds(30)),
                null);
        liveBurst();
        Alert first = alerts().get(0);
        assertThat(first.windowEnd).isEqualTo(Instant.ofEpochMilli(T0 + 5 * MINUTE).toString());
        assertThat(first.failures).isEqualTo(12);
    }

    @Test
    void withoutItTheWindowIsEvaluatedBeforeItsLastBuildsAreDecided() throws Exception {
        open(AlertFamily.PLATFORM, null);
        liveBurst();
        Alert first = alerts().get(0);
        assertThat(first.windowEnd).isEqualTo(Instant.ofEpochMilli(T0 + 6 * MINUTE).toString());
    }
}
