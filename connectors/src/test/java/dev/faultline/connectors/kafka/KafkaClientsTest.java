package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's Kafka client settings (TLS, SASL) reach every client detect builds, under the job's
 * own flags and over its defaults; the transactional sinks time out after 15 minutes unless told
 * otherwise.
 */
class KafkaClientsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"faultline\" password=\"s3cr3t-Jaas-Pw\";";

    @TempDir Path dir;

    private Configuration options() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# a SASL_SSL cluster",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "ssl.truststore.location=/etc/faultline/truststore.p12",
                        "ssl.truststore.password=trustPw123",
                        "max.partition.fetch.bytes=1048576",
                        "bootstrap.servers=from-the-file:9093"));
        Configuration conf = new Configuration();
        conf.setString(KafkaOptions.BOOTSTRAP_SERVERS.key(), "broker:9093");
        conf.setString(KafkaOptions.KAFKA_PROPERTIES.key(), file.toString());
        conf.setString(KafkaClientProperties.PROPERTY_PREFIX + "sasl.jaas.config", JAAS);
        // a flag wins over the file
        conf.setString(KafkaClientProperties.PROPERTY_PREFIX + "sasl.mechanism", "SCRAM-SHA-256");
        return conf;
    }

    private static void assertSecured(Properties p) {
        assertThat(p)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/faultline/truststore.p12")
                .containsEntry("ssl.truststore.password", "trustPw123")
                // --bootstrap-servers is where the command was told to go
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void everySourceGetsTheSettingsUnderTheJobsFlagsAndOverItsDefaults() throws Exception {
        Configuration options = options();
        options.setString(KafkaOptions.GROUP_ID.key(), "my-group");
        KafkaSource<KafkaInput> source =
                KafkaClients.source(options, "build-logs", new KafkaRecords.LogLines());
        Properties p = field(source, "props", Properties.class);
        assertSecured(p);
        assertThat(p)
                .containsEntry("group.id", "my-group")
                // the user's value over the job's 16 MiB
                .containsEntry("max.partition.fetch.bytes", "1048576")
                .containsEntry("partition.discovery.interval.ms", "60000");
    }

    @Test
    void everySinkGetsTheSettingsAndAFifteenMinuteTransactionTimeout() throws Exception {
        Properties own = new Properties();
        own.setProperty("max.request.size", "4194304");
        KafkaSink<dev.faultline.schemas.DeadLetter> sink =
                KafkaClients.exactlyOnceSink(
                        options(), JsonRecordSerializer.deadLetters("dl"), "p-dead-letters", own);
        Properties p = field(sink, "kafkaProducerConfig", Properties.class);
        assertSecured(p);
        assertThat(p)
                .containsEntry("transaction.timeout.ms", "900000")
                .containsEntry("max.request.size", "4194304");
    }

    @Test
    void theTransactionTimeoutCanBeSetLikeAnyClientSetting() throws Exception {
        Configuration options = options();
        options.setString(
                KafkaClientProperties.PROPERTY_PREFIX + "transaction.timeout.ms", "300000");
        KafkaSink<dev.faultline.schemas.BuildVerdict> sink =
                KafkaClients.exactlyOnceSink(
                        options,
                        JsonRecordSerializer.verdicts("v"),
                        "p-verdicts",
                        new Properties());
        assertThat(field(sink, "kafkaProducerConfig", Properties.class))
                .containsEntry("transaction.timeout.ms", "300000");
    }

    @Test
    void theBacklogProbesAdminClientGetsTheSettings() throws Exception {
        ConsumerGroupLag lag = KafkaClients.lag(options(), "build-logs");
        assertSecured(field(lag, "client", Properties.class));
    }

    @Test
    void withoutSettingsOnlyTheBrokersAndTheJobsDefaultsAreSet() {
        Configuration options = new Configuration();
        options.setString(KafkaOptions.BOOTSTRAP_SERVERS.key(), "k:9092");
        assertThat(KafkaClientProperties.client(options)).containsOnlyKeys("bootstrap.servers");
        assertThat(KafkaClientProperties.producer(options))
                .containsOnlyKeys("bootstrap.servers", "transaction.timeout.ms");
    }

    @Test
    void aMissingFileIsAClearError() {
        Configuration options = new Configuration();
        Path missing = dir.resolve("no-such.properties");
        options.setString(KafkaOptions.KAFKA_PROPERTIES.key(), missing.toString());
        assertThatThrownBy(() -> KafkaClientProperties.user(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--kafka-properties: no such file " + missing);
    }

    @Test
    void aDescriptionMasksEverySecret() throws Exception {
        String d = KafkaClientProperties.describe(KafkaClientProperties.client(options()));
        assertThat(d)
                .contains("security.protocol=SASL_SSL")
                .contains("sasl.jaas.config=****")
                .contains("ssl.truststore.password=****")
                .doesNotContain("s3cr3t-Jaas-Pw")
                .doesNotContain("trustPw123");
        for (String key :
                new String[] {
                    "ssl.key.password",
                    "ssl.keystore.key",
                    "sasl.jaas.config",
                    "sasl.oauthbearer.client.secret",
                    "basic.auth.user.info.token"
                }) {
            assertThat(KafkaClientProperties.isSecret(key)).as(key).isTrue();
        }
        assertThat(KafkaClientProperties.isSecret("security.protocol")).isFalse();
    }

    private static <T> T field(Object owner, String name, Class<T> type) throws Exception {
        // the connector keeps its clients' settings private; reading them is the only way to
        // see what a client will be created with short of connecting one to a secured broker
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return type.cast(f.get(owner));
    }
}
