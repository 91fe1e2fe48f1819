package dev.faultline.jobs.streaming;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a record as JSON to a topic, keyed by its build ID (so one build's records share a partition). */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;

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
    public ProducerRecord<byte[], byte[]> serialize(T value, KafkaSinkContext context, Long timestamp) {
        String buildId = value instanceof BuildVerdict ? ((BuildVerdict) value).buildId
                : value instanceof DeadLetter ? ((DeadLetter) value).buildId : null;
        byte[] key = buildId == null ? null : buildId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, Json.toJsonBytes(value));
    }
}
