package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.RocksDbHarness;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Counting verdicts upstream ({@link BucketCounter}) and adding the counts on the detectors' key
 * ({@link BucketCountsDetector}) raises exactly the alerts the detectors raise from the verdicts
 * themselves, and neither side keeps anything once it is done with it.
 */
class BucketCountsHarnessTest {
    private static final long T0 = Instant.parse("2025-06-18T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final String CLONE_KEY =
            "faultline/platform-failure-spike/clone/git.could-not-resolve-host";

    private int ids;

    private BuildVerdict verdict(
            long endedAt, String outcome, String category, String fault, String signature) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-" + (++ids);
        v.outcome = outcome;
        v.category = category;
        v.fault = fault;
        v.signature = signature;
        v.stage = signature == null ? null : "clone";
        v.summary = signature == null ? "Build succeeded" : "summary of " + signature;
        v.evidence = new Evidence[0];
        v.firstTimestamp = Instant.ofEpochMilli(endedAt - 30_000).toString();
        v.lastTimestamp = Instant.ofEpochMilli(endedAt).toString();
        v.workerName = "worker-" + ids;
        return v;
    }

    private BuildVerdict success(long at) {
        return verdict(at, "success", null, null, null);
    }

    private BuildVerdict cloneFailure(long at, String account) {
        BuildVerdict v = verdict(at, "failure", "clone", "platform", "git.could-not-resolve-host");
        v.accountId = account;
        v.evidence = new Evidence[] {new Evidence(3, "Could not resolve host: github.com")};
        return v;
    }

    private BuildVerdict unknownFailure(long at, int worker) {
        BuildVerdict v = verdict(at, "failure", "unknown", "unknown", null);
        v.stage = "build";
        v.evidence =
                new Evidence[] {new Evidence(9, "Segfault in worker " + worker + " while linking")};
        return v;
    }

    private BuildVerdict untimed() {
        BuildVerdict v = success(T0);
        v.firstTimestamp = null;
        v.lastTimestamp = null;
        return v;
    }

    /** 40 minutes of builds: a clone outage from several accounts, and a recurring unknown line. */
    private List<BuildVerdict> archive() {
        List<BuildVerdict> all = new ArrayList<>();
        for (long t = T0; t < T0 + 40 * MINUTE; t += 20_000) {
            all.add(success(t + 1));
        }
        for (int i = 0; i < 20; i++) {
            all.add(cloneFailure(T0 + 3 * MINUTE + i * 9_000, "acct-" + (i % 4)));
        }
        for (int i = 0; i < 3; i++) {
            all.add(unknownFailure(T0 + (5 + 7 * i) * MINUTE, 10 + i));
        }
        all.add(untimed());
        // as a backfill reads them: not in time order
        all.sort(Comparator.comparing((BuildVerdict v) -> v.buildId.hashCode()));
        return all;
    }

    /** The record time the build-time clock gives each verdict. */
    private static StreamRecord<BuildVerdict> timed(BuildVerdict v) {
        return new StreamRecord<>(v, AlertRecords.endTime(v, null));
    }

    private static OneInputStreamOperatorTestHarness<BuildVerdict, BucketCounts> counter()
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new BucketCounter(AlertRules.defaults()));
        h.open();
        return h;
    }

    @Test
    void countsAreHeldUntilAWatermarkOrBarrierThenSentOnceAndForgotten() throws Exception {
        try (var h = counter()) {
            h.processElement(timed(success(T0 + 10_000)));
            h.processElement(timed(success(T0 + 70_000)));
            h.processElement(timed(cloneFailure(T0 + 20_000, "acct-a")));
            h.processElement(timed(cloneFailure(T0 + 30_000, "acct-b")));
            h.processElement(timed(unknownFailure(T0 + 40_000, 1)));
            h.processElement(timed(untimed()));
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(T0 + 10 * MINUTE));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out.get(out.size() - 1)).isEqualTo(new Watermark(T0 + 10 * MINUTE));
            List<BucketCounts> counts = h.extractOutputValues();
            assertThat(counts.subList(0, 3))
                    .extracting(c -> c.family + "@" + (c.bucket - T0) / 1000 + ":" + c.builds)
                    .containsExactly("PLATFORM@0:4", "PLATFORM@60:1", "UNKNOWN@0:5");
            BucketCounts first = counts.get(0);
            assertThat(first.kinds)
                    .extracting(k -> k.kindKey + "=" + k.failures + "/" + k.accounts.length)
                    .containsExactly(CLONE_KEY + "=2/2", "faultline/stage-failure-spike/clone=2/2");
            assertThat(counts.get(2).kinds)
                    .extracting(k -> k.kind + "=" + k.failures)
                    .containsExactly(Alert.UNKNOWN_RECURRING + "=1");
            // a build with no time counts for neither detector's buckets, only their metric
            assertThat(counts.subList(3, 5))
                    .extracting(c -> c.family + ":" + c.builds + "+" + c.untimed)
                    .containsExactly("PLATFORM:0+1", "UNKNOWN:0+1");

            // sent once: nothing is held after a flush, and the operator has no state of its own
            h.getOutput().clear();
            h.processWatermark(new Watermark(T0 + 20 * MINUTE));
            assertThat(h.extractOutputValues()).isEmpty();
            OperatorSubtaskState snapshot = h.snapshot(1, 1);
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getRawOperatorState()).isEmpty();

            // a checkpoint barrier sends what was counted before it
            h.processElement(timed(success(T0 + 30 * MINUTE)));
            h.prepareSnapshotPreBarrier(2);
            assertThat(h.extractOutputValues())
                    .extracting(c -> c.family + ":" + c.builds)
                    .containsExactly("PLATFORM:1", "UNKNOWN:1");
        }
    }

    @Test
    void countedUpstreamAlertsEqualAlertsFromVerdictsOneByOne() throws Exception {
        List<BuildVerdict> archive = archive();
        // two flushes (as a checkpoint barrier in the middle of the input would cause), so that
        // counts of one bucket come in pieces and add up at the detector
        List<BucketCounts> counts;
        try (var h = counter()) {
            for (int i = 0; i < archive.size(); i++) {
                h.processElement(timed(archive.get(i)));
                if (i == archive.size() / 2) {
                    h.prepareSnapshotPreBarrier(1);
                }
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            counts = h.extractOutputValues();
        }
        assertThat(counts.size()).isLessThan(archive.size() / 2);

        for (AlertFamily family : AlertFamily.values()) {
            List<Alert> expected;
            try (var one =
                    RocksDbHarness.open(
                            new KeyedProcessOperator<>(
                                    new SpikeDetector(AlertRules.defaults(), family)),
                            (BuildVerdict v) -> 0,
                            Types.INT,
                            null)) {
                for (BuildVerdict v : archive) {
                    one.processElement(timed(v));
                }
                one.processWatermark(new Watermark(Long.MAX_VALUE));
                expected = one.extractOutputValues();
            }
            try (var counted =
                    RocksDbHarness.open(
                            new KeyedProcessOperator<>(
                                    new BucketCountsDetector(
                                            AlertRules.defaults(),
                                            family,
                                            java.time.Duration.ZERO)),
                            (BucketCounts c) -> 0,
                            Types.INT,
                            null)) {
                for (BucketCounts c : counts) {
                    counted.processElement(new StreamRecord<>(copy(c)));
                }
                counted.processWatermark(new Watermark(Long.MAX_VALUE));
                assertThat(json(counted.extractOutputValues()))
                        .as(family.name())
                        .isEqualTo(json(expected));
                assertThat(stateLeft(counted)).as("buckets and incidents left in state").isZero();
            }
            assertThat(expected)
                    .as(family.name())
                    .anyMatch(a -> Alert.RESOLVED.equals(a.status))
                    .anyMatch(
                            a ->
                                    family == AlertFamily.UNKNOWN
                                            ? Alert.UNKNOWN_RECURRING.equals(a.kind)
                                            : CLONE_KEY.equals(a.dedupKey));
        }
    }

    private static BucketCounts copy(BucketCounts c) {
        return Json.mapper().convertValue(c, BucketCounts.class);
    }

    private static String json(List<Alert> alerts) throws Exception {
        return Json.mapper().writeValueAsString(alerts);
    }

    /** Keys that still have buckets, per-kind counts or incidents in state. */
    private static long stateLeft(KeyedOneInputStreamOperatorTestHarness<Integer, ?, ?> h) {
        KeyedStateBackend<Integer> state =
                ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        long left = 0;
        for (String name :
                List.of(
                        "builds-per-bucket",
                        "failures-per-bucket-and-kind",
                        "kinds-per-bucket",
                        "active-alerts")) {
            try (var keys = state.getKeys(name, VoidNamespace.INSTANCE)) {
                left += keys.count();
            }
        }
        return left;
    }
}
