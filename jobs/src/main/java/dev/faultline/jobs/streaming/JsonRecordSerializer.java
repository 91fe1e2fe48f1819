package dev.faultline.jobs.streaming;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record as JSON to a topic, keyed by its build ID (so one build's records share a partition).
 * Every dead letter the job writes passes here, so this is where they are counted: the {@code deadLetters}
 * counter with a {@code reason} label, in the dead-letter sink's metric group.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient MetricGroup metrics;
    private transient Map<String, Counter> deadLettersByReason;

    private JsonRecordSerializer(String topic) {
        this.topic = topic;
    }

    public static JsonRecordSerializer<BuildVerdict> verdicts(String topic) {
        return new JsonRecordSerializer<>(topic);
    }

    public static JsonRecordSerializer<DeadLetter> deadLetters(String topic) {
        return new JsonRecordSerializer<>(topic);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        metrics = context.getMetricGroup();
        deadLettersByReason = new HashMap<>();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T value, KafkaSinkContext context, Long timestamp) {
        if (value instanceof DeadLetter && metrics != null) {
            String reason = ((DeadLetter) value).reason == null ? "none" : ((DeadLetter) value).reason;
            deadLettersByReason.computeIfAbsent(reason, r -> metrics.addGroup("reason", r).counter("deadLetters")).inc();
        }
        String buildId = value instanceof BuildVerdict ? ((BuildVerdict) value).buildId
                : value instanceof DeadLetter ? ((DeadLetter) value).buildId : null;
        byte[] key = buildId == null ? null : buildId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, Json.toJsonBytes(value));
    }
}
