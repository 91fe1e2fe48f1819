package dev.faultline.connectors.kafka;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka sources, sinks and lag probe of {@code detect}, each built with the user's client
 * settings ({@link KafkaClientProperties}). Settings apply in this order, later winning: the job's
 * own defaults, the user's settings, then what the job's flags say (brokers, consumer group).
 */
public final class KafkaClients {
    /** Between checks for new partitions of the input topics. */
    static final String PARTITION_DISCOVERY_MS = "60000";

    /** Lines may be large; a fetch takes them whole rather than failing the consumer. */
    static final String MAX_PARTITION_FETCH_BYTES = Integer.toString(16 * 1024 * 1024);

    private KafkaClients() {}

    /**
     * An input topic, from the consumer group's committed offsets (the earliest where it has none).
     */
    public static KafkaSource<KafkaInput> source(
            Configuration options,
            String topic,
            KafkaRecordDeserializationSchema<KafkaInput> deserializer) {
        return KafkaSource.<KafkaInput>builder()
                .setProperty("partition.discovery.interval.ms", PARTITION_DISCOVERY_MS)
                .setProperty("max.partition.fetch.bytes", MAX_PARTITION_FETCH_BYTES)
                .setProperties(KafkaClientProperties.client(options))
                .setBootstrapServers(options.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setGroupId(options.get(KafkaOptions.GROUP_ID))
                .setTopics(topic)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .build();
    }

    /**
     * An exactly-once sink: transactions named {@code transactionalIdPrefix}-..., committed at
     * checkpoints; {@code defaults} are this sink's own settings, below the user's.
     */
    public static <T> KafkaSink<T> exactlyOnceSink(
            Configuration options,
            KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdPrefix,
            Properties defaults) {
        Properties config = new Properties();
        config.putAll(defaults);
        config.putAll(KafkaClientProperties.producer(options));
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(config)
                .setBootstrapServers(options.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /** How far the consumer group is behind on {@code topic}, read with an admin client. */
    public static ConsumerGroupLag lag(Configuration options, String topic) {
        return new ConsumerGroupLag(
                KafkaClientProperties.client(options), options.get(KafkaOptions.GROUP_ID), topic);
    }
}
