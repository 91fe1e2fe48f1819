package dev.faultline.connectors.alert;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The HTTP alert sinks both jobs share: Alertmanager (with periodic resends) and PagerDuty, each
 * enabled by its flags. Returns the alerts that could not be delivered, as dead letters for the
 * job's dead-letter sink.
 */
public final class AlertSinks {
    static final TypeInformation<DeliveryOutcome> OUTCOME =
            TypeInformation.of(DeliveryOutcome.class);
    private static final int IN_FLIGHT = 1000;

    private AlertSinks() {}

    /** The receivers the flags ask for (none by default). */
    public static List<AlertReceiver> receivers(Configuration conf) {
        List<AlertReceiver> receivers = new ArrayList<>();
        conf.getOptional(AlertReceiverOptions.ALERTMANAGER_URL)
                .filter(u -> !u.isBlank())
                .ifPresent(
                        u ->
                                receivers.add(
                                        new AlertmanagerReceiver(
                                                u,
                                                conf.get(
                                                        AlertReceiverOptions
                                                                .ALERTMANAGER_RESEND))));
        String key = AlertReceiverOptions.routingKey(conf);
        if (key != null) {
            receivers.add(
                    new PagerDutyReceiver(
                            conf.get(AlertReceiverOptions.PAGERDUTY_URL),
                            key,
                            conf.get(AlertReceiverOptions.PAGERDUTY_TRIAGE),
                            conf.get(AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP)));
        }
        return receivers;
    }

    /**
     * Sends {@code alerts} to every receiver in {@code receivers}; returns the failures as dead
     * letters.
     */
    public static DataStream<DeadLetter> attach(
            DataStream<Alert> alerts, List<AlertReceiver> receivers, Configuration conf) {
        DataStream<DeadLetter> dead = null;
        for (AlertReceiver receiver : receivers) {
            DataStream<Alert> toSend = alerts;
            if (receiver instanceof AlertmanagerReceiver) {
                toSend =
                        alerts.keyBy(
                                        a -> a.dedupKey,
                                        org.apache.flink.api.common.typeinfo.Types.STRING)
                                .process(
                                        new AlertmanagerResender(
                                                conf.get(AlertReceiverOptions.ALERTMANAGER_RESEND)),
                                        RecordTypes.ALERT)
                                .name("alertmanager-resend")
                                .uid("alertmanager-resend")
                                .setParallelism(1);
            }
            AlertDelivery delivery =
                    new AlertDelivery(
                            receiver,
                            conf.get(AlertReceiverOptions.DELIVERY_ATTEMPTS),
                            conf.get(AlertReceiverOptions.DELIVERY_TIMEOUT),
                            conf.get(AlertReceiverOptions.ATTEMPT_TIMEOUT));
            DataStream<DeadLetter> failed =
                    AsyncDataStream.unorderedWait(
                                    toSend,
                                    delivery,
                                    delivery.operatorTimeoutMillis(),
                                    TimeUnit.MILLISECONDS,
                                    IN_FLIGHT)
                            .returns(OUTCOME)
                            .name(receiver.name() + "-delivery")
                            .uid(receiver.name() + "-delivery")
                            .setParallelism(1)
                            .process(new FailuresToDeadLetters(), RecordTypes.DEAD_LETTER)
                            .name(receiver.name() + "-delivery-failures")
                            .uid(receiver.name() + "-delivery-failures")
                            .setParallelism(1);
            dead = dead == null ? failed : dead.union(failed);
        }
        return dead;
    }

    /**
     * An undelivered alert becomes a dead letter carrying the alert (not the request) as its
     * original.
     */
    static final class FailuresToDeadLetters extends ProcessFunction<DeliveryOutcome, DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(DeliveryOutcome o, Context ctx, Collector<DeadLetter> out) {
            if (o.delivered) {
                return;
            }
            DeadLetter d =
                    new DeadLetter(
                            o.httpStatus >= 400 && o.httpStatus < 500 && o.httpStatus != 429
                                    ? "alert-rejected"
                                    : "alert-undeliverable",
                            o.receiver
                                    + ": "
                                    + o.status
                                    + " alert (revision "
                                    + o.revision
                                    + ") after "
                                    + o.attempts
                                    + " attempt(s): "
                                    + o.detail,
                            o.receiver,
                            o.dedupKey + "#" + o.revision,
                            null);
            d.originalBase64 =
                    Base64.getEncoder()
                            .encodeToString(o.alertJson.getBytes(StandardCharsets.UTF_8));
            out.collect(d);
        }
    }
}
