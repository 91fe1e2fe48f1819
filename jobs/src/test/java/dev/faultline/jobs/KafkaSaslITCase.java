package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.connectors.kafka.KafkaClientProperties;
import dev.faultline.connectors.kafka.KafkaClients;
import dev.faultline.connectors.kafka.KafkaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that only speaks SASL: {@code replay} (through the command line, with {@code
 * --kafka-properties}) produces to it, and the backlog probe's admin client reads its offsets, both
 * with the user's client settings; without them the probe cannot talk to the broker at all.
 */
class KafkaSaslITCase {
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

    @Test
    void replayAndTheBacklogProbeWorkWithTheSettingsAndNotWithout() throws Exception {
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

        // without the settings the client speaks plaintext to a SASL listener and gets nowhere
        try (var lag = KafkaClients.lag(options(null), "build-logs")) {
            assertThatThrownBy(lag::records)
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }
}
