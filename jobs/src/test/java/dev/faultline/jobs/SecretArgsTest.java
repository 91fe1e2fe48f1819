package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.connectors.kafka.KafkaClientProperties;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * No message that echoes the command line shows a secret: the routing key, any key, token, password
 * or secret flag, or a Kafka client setting that names one.
 */
class SecretArgsTest {
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                    + " password=\"Pl41nPassw0rd\";";

    private static final String[] ARGS = {
        "detect",
        "--bootstrap-servers",
        "broker:9093",
        "--pagerduty-routing-key",
        ROUTING_KEY,
        "--kafka-property",
        "sasl.jaas.config=" + JAAS,
        "--kafka-property=ssl.key.password=K3yPassw0rd",
        "--kafka-property",
        "security.protocol=SASL_SSL",
        "--api-token=T0kenValue99",
        "--registry-password",
        "RegPassw0rd",
        "--client-secret",
        "Cl1entS3cret",
        "--logs-topic",
        "build-logs"
    };

    @Test
    void theFailureOfAStartMasksEverySecretAndKeepsTheRest() {
        String message = FaultlineCli.failureMessage(ARGS, 2);
        for (String secret :
                new String[] {
                    ROUTING_KEY,
                    "Pl41nPassw0rd",
                    "PlainLoginModule",
                    "K3yPassw0rd",
                    "T0kenValue99",
                    "RegPassw0rd",
                    "Cl1entS3cret"
                }) {
            assertThat(message).as(secret).doesNotContain(secret);
        }
        assertThat(message)
                .startsWith("faultline detect --bootstrap-servers broker:9093")
                .contains("--pagerduty-routing-key ****")
                .contains("--kafka-property sasl.jaas.config=****")
                .contains("--kafka-property=ssl.key.password=****")
                .contains("--kafka-property security.protocol=SASL_SSL")
                .contains("--api-token=****")
                .contains("--logs-topic build-logs")
                .endsWith("failed with exit code 2");
    }

    @Test
    void repeatedKafkaPropertiesAddUp() {
        Configuration conf =
                CliArgs.parse(
                        List.of(ARGS).subList(1, 3 + 2 + 2 + 1 + 2), FaultlineCli.DETECT_OPTIONS);
        assertThat(KafkaClientProperties.user(conf))
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.key.password", "K3yPassw0rd")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void parseErrorsNeverQuoteASecret() {
        // a routing key with a stray space: the rest of it is an "unexpected argument"
        assertThatThrownBy(
                        () ->
                                CliArgs.parse(
                                        List.of("--pagerduty-routing-key", "R0UT1NG", "KEY0123"),
                                        FaultlineCli.DETECT_OPTIONS))
                .hasMessageContaining("unexpected argument")
                .hasMessageNotContaining("KEY0123");
        // an unquoted JAAS configuration, split by the shell
        assertThatThrownBy(
                        () ->
                                CliArgs.parse(
                                        List.of(
                                                "--kafka-property",
                                                "sasl.jaas.config=x",
                                                "password=\"Pl41nPassw0rd\";"),
                                        FaultlineCli.DETECT_OPTIONS))
                .hasMessageContaining("unexpected argument 'password=****'")
                .hasMessageNotContaining("Pl41nPassw0rd");
        assertThatThrownBy(
                        () ->
                                CliArgs.parse(
                                        List.of("--kafka-property", "Pl41nPassw0rd"),
                                        FaultlineCli.DETECT_OPTIONS))
                .hasMessage("--kafka-property needs KEY=VALUE");
    }
}
