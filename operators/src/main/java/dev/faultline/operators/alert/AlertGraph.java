package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.RecordTypes;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * The alerting stage every job shares: verdicts in, alert records out. Where the alerts go (a Kafka
 * topic, Alertmanager, PagerDuty, a file) is up to the job.
 */
public final class AlertGraph {
    private AlertGraph() {}

    /**
     * @param clock which clock the windows follow (see {@link AlertClock})
     */
    public static DataStream<Alert> build(
            DataStream<BuildVerdict> verdicts, AlertRules rules, AlertClock clock) {
        return build(verdicts, rules, clock, java.time.Duration.ZERO);
    }

    /**
     * As above; each window is evaluated {@code evaluationDelay} after its end (event time). A live
     * job passes its event-settle delay: a build is decided up to that long after it ended, and its
     * verdict should count in the window it ended in, as a backfill counts it.
     */
    public static DataStream<Alert> build(
            DataStream<BuildVerdict> verdicts,
            AlertRules rules,
            AlertClock clock,
            java.time.Duration evaluationDelay) {
        if (clock == AlertClock.BUILD_TIME) {
            return countedUpstream(verdicts, rules, evaluationDelay);
        }
        // One key: the share of failing builds needs every build in its denominator. Most builds
        // count only there, and cross to the detectors without their evidence.
        KeyedStream<BuildVerdict, Integer> all =
                verdicts.map(AlertInputs::slim, RecordTypes.BUILD_VERDICT)
                        .setParallelism(verdicts.getParallelism())
                        .name("alert-inputs")
                        .uid("alert-inputs")
                        .keyBy(v -> 0, Types.INT);
        DataStream<Alert> platform =
                detector(all, new SpikeDetector(rules, AlertFamily.PLATFORM, evaluationDelay));
        DataStream<Alert> unknown =
                detector(all, new SpikeDetector(rules, AlertFamily.UNKNOWN, evaluationDelay));
        return platform.union(unknown);
    }

    /**
     * The build-time clock (a backfill): each verdict subtask counts its verdicts per bucket and
     * kind ({@link BucketCounter}) and only those counts cross to the detectors' single key, at the
     * end of the input. The detectors keep the live job's names, uids and state. The live job keeps
     * counting verdict by verdict: its graph, and so what its savepoints restore into, stays as it
     * was.
     */
    private static DataStream<Alert> countedUpstream(
            DataStream<BuildVerdict> verdicts,
            AlertRules rules,
            java.time.Duration evaluationDelay) {
        DataStream<BuildVerdict> timed =
                verdicts.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<BuildVerdict>noWatermarks()
                                        // the upstream timestamp is read order, not time: never
                                        // use it
                                        .withTimestampAssigner(
                                                (v, previous) -> AlertRecords.endTime(v, null)))
                        .name("alert-clock-build-time")
                        .uid("alert-clock-build-time");
        KeyedStream<BucketCounts, Integer> all =
                timed.transform("alert-bucket-counts", BucketCounts.TYPE, new BucketCounter(rules))
                        .setParallelism(timed.getParallelism())
                        .uid("alert-bucket-counts")
                        .keyBy(c -> 0, Types.INT);
        DataStream<Alert> platform =
                detector(
                        all,
                        new BucketCountsDetector(rules, AlertFamily.PLATFORM, evaluationDelay));
        DataStream<Alert> unknown =
                detector(
                        all, new BucketCountsDetector(rules, AlertFamily.UNKNOWN, evaluationDelay));
        return platform.union(unknown);
    }

    /** A family's detector on the single key, under its family's name and uid. */
    private static <T> DataStream<Alert> detector(
            KeyedStream<T, Integer> all, WindowedDetector<T> detector) {
        String name =
                detector.family == AlertFamily.PLATFORM
                        ? "platform-failure-alerts"
                        : "unknown-failure-alerts";
        return all.process(detector, RecordTypes.ALERT)
                .name(name)
                .uid(name)
                .setParallelism(1)
                .setMaxParallelism(1);
    }
}
