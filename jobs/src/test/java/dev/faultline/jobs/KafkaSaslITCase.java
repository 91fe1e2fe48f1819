package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.connectors.kafka.KafkaClientProperties;
import dev.faultline.connectors.kafka.KafkaClients;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.jobs.streaming.DetectJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import dev.faultline.tools.replay.ArchiveReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that only speaks SASL: {@code replay} (through the command line, with {@code
 * --kafka-properties}) produces to it, and the backlog probe's admin client reads its offsets, both
 * with the user's client settings; without them the probe cannot talk to the broker at all. And
 * {@code detect} reads, and writes its verdicts exactly once, through it.
 */
class KafkaSaslITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    private static KafkaClusterTestKit cluster;

    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                                        // the test kit's authorizer only lets its SASL admin in,
                                        // the broker registering with its controller included
                                        .setControllerSecurityProtocol(
                                                SecurityProtocol.SASL_PLAINTEXT)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Configuration options(Path clientProperties) {
        Configuration options = new Configuration();
        options.setString(KafkaOptions.BOOTSTRAP_SERVERS.key(), cluster.bootstrapServers());
        options.setString(KafkaOptions.GROUP_ID.key(), "sasl-test");
        if (clientProperties != null) {
            options.setString(KafkaOptions.KAFKA_PROPERTIES.key(), clientProperties.toString());
        }
        return options;
    }

    /** SASL/PLAIN as the test kit's administrator (its authorizer lets no one else in). */
    private static Path clientProperties() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\""
                                + JaasUtils.KAFKA_PLAIN_ADMIN
                                + "\" password=\""
                                + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
                                + "\";"));
        return file;
    }

    @Test
    void replayAndTheBacklogProbeWorkWithTheSettingsAndNotWithout() throws Exception {
        Path file = clientProperties();
        Configuration options = options(file);
        try (Admin admin = Admin.create(KafkaClientProperties.client(options))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("build-logs", 2, (short) 1),
                                    new NewTopic("build-events", 1, (short) 1)))
                    .all()
                    .get();
        }

        int code =
                FaultlineCli.run(
                        new String[] {
                            "replay",
                            "--bootstrap-servers",
                            cluster.bootstrapServers(),
                            "--archive",
                            Path.of("..", "testdata", "sample-archive").toString(),
                            "--kafka-properties",
                            file.toString(),
                            "--kafka-property",
                            "client.id=faultline-replay-sasl"
                        });
        assertThat(code).isZero();

        // nothing committed by the group: every replayed line is still to be read
        try (var lag = KafkaClients.lag(options, "build-logs")) {
            assertThat(lag.records()).isGreaterThan(1000);
        }

        // without the settings the client speaks plaintext to a SASL listener and gets nowhere,
        // and closing the probe then gives up its pending calls instead of waiting them out (the
        // job's source coordinator closes it when the job stops)
        var lag = KafkaClients.lag(options(null), "build-logs");
        assertThatThrownBy(lag::records).isInstanceOf(java.util.concurrent.TimeoutException.class);
        long closing = System.nanoTime();
        lag.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void detectReadsAndCommitsItsVerdictsThroughSasl() throws Exception {
        Configuration options = options(clientProperties());
        String name = "sasl-detect";
        options.set(KafkaOptions.LOGS_TOPIC, name + "-build-logs");
        options.set(KafkaOptions.EVENTS_TOPIC, name + "-build-events");
        options.set(KafkaOptions.VERDICTS_TOPIC, name + "-build-verdicts");
        options.set(KafkaOptions.DEAD_LETTERS_TOPIC, name + "-build-dead-letters");
        options.set(KafkaOptions.ALERTS_TOPIC, name + "-build-alerts");
        options.set(KafkaOptions.GROUP_ID, name);
        options.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, name);
        options.set(FaultlineOptions.CHECKPOINT_DIR, dir.resolve("checkpoints").toUri().toString());
        options.set(FaultlineOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        options.set(FaultlineOptions.IDLENESS, Duration.ofSeconds(2));
        options.set(FaultlineOptions.PARALLELISM, 1);
        try (Admin admin = Admin.create(KafkaClientProperties.client(options))) {
            List<NewTopic> topics = new ArrayList<>();
            for (var topic :
                    List.of(
                            KafkaOptions.LOGS_TOPIC,
                            KafkaOptions.EVENTS_TOPIC,
                            KafkaOptions.VERDICTS_TOPIC,
                            KafkaOptions.DEAD_LETTERS_TOPIC,
                            KafkaOptions.ALERTS_TOPIC)) {
                topics.add(new NewTopic(options.get(topic), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }

        StreamExecutionEnvironment env =
                JobEnvironment.create(DetectJob.jobConfiguration(options), 1);
        DetectJob.build(env, options, CatalogLoader.loadDefault());
        JobClient job = env.executeAsync("faultline-detect-sasl");
        try {
            // rebased into the past (Kafka refuses timestamps an hour ahead); a line an hour after
            // the last moves event time past every build's inactivity timeout
            List<ArchiveReplay.Timed> plan =
                    ArchiveReplay.plan(
                            Path.of("..", "testdata", "sample-archive"),
                            Instant.now().minus(Duration.ofHours(3)),
                            Duration.ofSeconds(2),
                            new ArchiveReplay.Stats(),
                            options.get(KafkaOptions.LOGS_TOPIC),
                            options.get(KafkaOptions.EVENTS_TOPIC));
            plan.add(
                    ArchiveReplay.endTick(
                            plan,
                            Duration.ofHours(1),
                            "end-tick",
                            options.get(KafkaOptions.LOGS_TOPIC)));
            ArchiveReplay.send(
                    KafkaClientProperties.client(options),
                    plan,
                    0,
                    false,
                    new ArchiveReplay.Stats());

            Set<String> expected = new TreeSet<>();
            for (String line :
                    Files.readAllLines(
                            Path.of("..", "testdata", "golden", "sample-archive-verdicts.jsonl"))) {
                expected.add(Json.mapper().readTree(line).path("buildId").asText());
            }
            List<String> got = readCommittedBuildIds(options, expected.size());
            assertThat(got).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(got)).isEqualTo(expected);
        } finally {
            job.cancel().get();
        }
    }

    /** The verdicts' build IDs a read_committed consumer sees, read with the same settings. */
    private static List<String> readCommittedBuildIds(Configuration options, int expected)
            throws Exception {
        Properties p = KafkaClientProperties.client(options);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(options.get(KafkaOptions.VERDICTS_TOPIC)));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline && ids.size() < expected) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(Json.mapper().readTree(r.value()).path("buildId").asText());
                }
            }
            // a little longer: a duplicate would show up here
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(Json.mapper().readTree(r.value()).path("buildId").asText());
                }
            }
        }
        return ids;
    }
}
