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
        DataStream<BuildVerdict> timed = verdicts;
        if (clock == AlertClock.BUILD_TIME) {
            timed =
                    verdicts.assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<BuildVerdict>noWatermarks()
                                            // the upstream timestamp is read order, not time: never
                                            // use it
                                            .withTimestampAssigner(
                                                    (v, previous) -> AlertRecords.endTime(v, null)))
                            .name("alert-clock-build-time")
                            .uid("alert-clock-build-time");
        }
        // One key: the share of failing builds needs every build in its denominator. Most builds
        // count only there, and cross to the detectors without their evidence.
        KeyedStream<BuildVerdict, Integer> all =
                timed.map(AlertInputs::slim, RecordTypes.BUILD_VERDICT)
                        .setParallelism(timed.getParallelism())
                        .name("alert-inputs")
                        .uid("alert-inputs")
                        .keyBy(v -> 0, Types.INT);
        DataStream<Alert> platform =
                all.process(
                                new SpikeDetector(rules, AlertFamily.PLATFORM, evaluationDelay),
                                RecordTypes.ALERT)
                        .name("platform-failure-alerts")
                        .uid("platform-failure-alerts")
                        .setParallelism(1)
                        .setMaxParallelism(1);
        DataStream<Alert> unknown =
                all.process(
                                new SpikeDetector(rules, AlertFamily.UNKNOWN, evaluationDelay),
                                RecordTypes.ALERT)
                        .name("unknown-failure-alerts")
                        .uid("unknown-failure-alerts")
                        .setParallelism(1)
                        .setMaxParallelism(1);
        return platform.union(unknown);
    }
}
