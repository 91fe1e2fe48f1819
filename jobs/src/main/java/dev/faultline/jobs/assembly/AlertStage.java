package dev.faultline.jobs.assembly;

import dev.faultline.connectors.alert.AlertReceiver;
import dev.faultline.connectors.alert.AlertSinks;
import dev.faultline.operators.alert.AlertClock;
import dev.faultline.operators.alert.AlertGraph;
import dev.faultline.operators.alert.AlertRuleOptions;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Verdicts → alerts → the HTTP receivers the flags enable: what both jobs add after the shared
 * graph.
 */
public final class AlertStage {
    public final DataStream<Alert> alerts;

    /** Alerts no receiver would take; null when no receiver is enabled. */
    public final DataStream<DeadLetter> deadLetters;

    private AlertStage(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {
        this.alerts = alerts;
        this.deadLetters = deadLetters;
    }

    /**
     * @param clock which clock the windows follow: event time live, the builds' own times in a
     *     backfill
     * @param paging whether to send to Alertmanager/PagerDuty at all
     */
    public static AlertStage attach(
            DataStream<BuildVerdict> verdicts,
            Configuration conf,
            AlertClock clock,
            Paging paging) {
        // Live, a build is decided up to the event-settle delay after it ended: windows wait that
        // long so that its verdict counts where it ended. A backfill has all verdicts before any
        // window.
        java.time.Duration delay =
                clock == AlertClock.BUILD_TIME
                        ? java.time.Duration.ZERO
                        : conf.get(FaultlineOptions.EVENT_SETTLE);
        DataStream<Alert> alerts =
                AlertGraph.build(verdicts, AlertRuleOptions.rules(conf), clock, delay);
        List<AlertReceiver> receivers =
                paging == Paging.SEND ? AlertSinks.receivers(conf) : List.of();
        return new AlertStage(
                alerts, receivers.isEmpty() ? null : AlertSinks.attach(alerts, receivers, conf));
    }

    public DataStream<DeadLetter> withDeadLetters(DataStream<DeadLetter> others) {
        return deadLetters == null ? others : others.union(deadLetters);
    }
}
