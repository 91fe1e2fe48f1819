package dev.faultline.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Where `detect` reads and writes Kafka: brokers, topics, consumer group, transactional IDs, and
 * the client settings (security) of every Kafka client.
 */
public final class KafkaOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, HOST:PORT[,HOST:PORT].");

    public static final ConfigOption<String> LOGS_TOPIC =
            ConfigOptions.key("logs-topic")
                    .stringType()
                    .defaultValue("build-logs")
                    .withDescription("Topic of LogLine JSON records, key = build ID.");

    public static final ConfigOption<String> EVENTS_TOPIC =
            ConfigOptions.key("events-topic")
                    .stringType()
                    .defaultValue("build-events")
                    .withDescription("Topic of the platform's BuildEvent JSON records.");

    public static final ConfigOption<String> VERDICTS_TOPIC =
            ConfigOptions.key("verdicts-topic")
                    .stringType()
                    .defaultValue("build-verdicts")
                    .withDescription("Topic the BuildVerdicts are written to, transactionally.");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            ConfigOptions.key("dead-letters-topic")
                    .stringType()
                    .defaultValue("build-dead-letters")
                    .withDescription("Topic for records that could not be parsed or used.");

    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("alerts-topic")
                    .stringType()
                    .defaultValue("build-alerts")
                    .withDescription(
                            "Kafka topic the alert records are written to (detect), key = dedupKey.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .defaultValue("faultline-detect")
                    .withDescription(
                            "Kafka consumer group (offsets live in Flink checkpoints; this is for monitoring).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("faultline-detect")
                    .withDescription(
                            "Prefix of the Kafka sink's transactional IDs; unique per job on a cluster.");

    public static final ConfigOption<String> KAFKA_PROPERTIES =
            ConfigOptions.key("kafka-properties")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A Java properties file of Kafka client settings (security.protocol, ssl.*, sasl.*, ...) "
                                    + "for every Kafka client the command creates.");

    /**
     * Repeatable {@code --kafka-property KEY=VALUE}; each is kept as {@code kafka-property.KEY}
     * (see {@link KafkaClientProperties}) and wins over the same key in {@link #KAFKA_PROPERTIES}.
     */
    public static final ConfigOption<String> KAFKA_PROPERTY =
            ConfigOptions.key("kafka-property")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "One Kafka client setting KEY=VALUE (repeatable); wins over --kafka-properties.");

    private KafkaOptions() {}
}
