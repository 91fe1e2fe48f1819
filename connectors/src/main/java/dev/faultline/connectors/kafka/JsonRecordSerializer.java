package dev.faultline.connectors.kafka;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record as JSON to a topic, keyed by its build ID (so one build's records share a
 * partition), or an alert by its dedup key (so one incident's records stay in order in one
 * partition). Every dead letter the job writes passes here, so this is where they are counted: the
 * {@code deadLetters} counter with a {@code reason} label, in the dead-letter sink's metric group;
 * alert records likewise in {@code alertRecords} with a {@code status} label.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient MetricGroup metrics;
    private transient Map<String, Counter> deadLettersByReason;
    private transient Map<String, Counter> alertsByStatus;
    private transient Counter recordsClipped;
    private transient boolean[] clipped;

    private JsonRecordSerializer(String topic) {
        this.topic = topic;
    }

    public static JsonRecordSerializer<BuildVerdict> verdicts(String topic) {
        return new JsonRecordSerializer<>(topic);
    }

    public static JsonRecordSerializer<DeadLetter> deadLetters(String topic) {
        return new JsonRecordSerializer<>(topic);
    }

    public static JsonRecordSerializer<Alert> alerts(String topic) {
        return new JsonRecordSerializer<>(topic);
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        metrics = context.getMetricGroup();
        deadLettersByReason = new HashMap<>();
        alertsByStatus = new HashMap<>();
        recordsClipped = metrics.counter("recordsClipped");
        clipped = new boolean[1];
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T value, KafkaSinkContext context, Long timestamp) {
        if (value instanceof DeadLetter && metrics != null) {
            String reason =
                    ((DeadLetter) value).reason == null ? "none" : ((DeadLetter) value).reason;
            deadLettersByReason
                    .computeIfAbsent(
                            reason, r -> metrics.addGroup("reason", r).counter("deadLetters"))
                    .inc();
        }
        if (value instanceof Alert && metrics != null) {
            String status = ((Alert) value).status;
            alertsByStatus
                    .computeIfAbsent(
                            status, s -> metrics.addGroup("status", s).counter("alertRecords"))
                    .inc();
        }
        String keyText =
                value instanceof BuildVerdict
                        ? ((BuildVerdict) value).buildId
                        : value instanceof DeadLetter
                                ? ((DeadLetter) value).buildId
                                : value instanceof Alert ? ((Alert) value).dedupKey : null;
        byte[] key = keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8);
        boolean[] flag = clipped == null ? new boolean[1] : clipped;
        byte[] json = RecordSizeGuard.toJsonWithin(value, flag);
        if (flag[0] && recordsClipped != null) {
            recordsClipped.inc();
        }
        return new ProducerRecord<>(topic, null, notAhead(timestamp), key, json);
    }

    /**
     * A record's time is its event time (when the verdict was due), but never later than now: a
     * broker rejects a record stamped more than {@code log.message.timestamp.after.max.ms} (an hour
     * by default) ahead of its clock, and the job would fail on the same record after every
     * restart. Event time runs ahead of the wall clock when a build's lines carry timestamps from a
     * skewed clock, or when an inactivity timeout falls due after a far-future line. A negative
     * time (which only a bug can make) is left to the producer: the client throws on one, and the
     * job would fail on it after every restart.
     */
    static Long notAhead(Long timestamp) {
        return timestamp == null || timestamp < 0
                ? null
                : Math.min(timestamp, System.currentTimeMillis());
    }
}
