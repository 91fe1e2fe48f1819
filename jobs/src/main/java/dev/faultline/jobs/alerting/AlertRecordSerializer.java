package dev.faultline.jobs.alerting;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes alerts as JSON to {@code build-alerts}, keyed by dedup key: all records of one alert land
 * in one partition, in order, so a consumer sees each incident's firing → updates → resolved.
 */
public final class AlertRecordSerializer implements KafkaRecordSerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient Counter firing;
    private transient Counter resolved;

    public AlertRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        MetricGroup metrics = context.getMetricGroup();
        firing = metrics.addGroup("status", Alert.FIRING).counter("alertRecords");
        resolved = metrics.addGroup("status", Alert.RESOLVED).counter("alertRecords");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        if (firing != null) {
            (Alert.FIRING.equals(alert.status) ? firing : resolved).inc();
        }
        return new ProducerRecord<>(topic, null, timestamp, alert.dedupKey.getBytes(StandardCharsets.UTF_8), Json.toJsonBytes(alert));
    }
}
