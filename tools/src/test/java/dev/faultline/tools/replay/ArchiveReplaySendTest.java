package dev.faultline.tools.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A replay that cannot reach Kafka fails before it sends anything; records the producer gives up on
 * fail the replay, saying how many were lost.
 */
class ArchiveReplaySendTest {

    @Test
    void aBrokerThatDoesNotAnswerFailsTheReplayBeforeItSends() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        // the replay waits for the topics' leaders as long as the producer would for metadata
        client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300");
        List<ArchiveReplay.Timed> records =
                List.of(record(1, "b-1", "one"), record(2, "b-2", "two"));

        assertThatThrownBy(
                        () ->
                                ArchiveReplay.send(
                                        client, records, 0, false, new ArchiveReplay.Stats()))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("nothing was replayed");
    }

    @Test
    void recordsTheProducerGaveUpOnFailTheReplayWithTheFirstError() {
        ArchiveReplay.SendFailures failures = new ArchiveReplay.SendFailures();
        RecordMetadata written =
                new RecordMetadata(new TopicPartition("build-logs", 0), 0, 0, 0, 1, 1);
        failures.onCompletion(written, null);
        failures.onCompletion(null, new TimeoutException("Expiring 1 record(s) for build-logs-1"));
        failures.onCompletion(null, new TimeoutException("Expiring 1 record(s) for build-logs-2"));

        assertThatThrownBy(() -> failures.throwIfAny(3))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("2 of 3 records were not written to Kafka")
                .hasMessageContaining("build-logs-1")
                .hasCauseInstanceOf(TimeoutException.class);
    }

    private static ArchiveReplay.Timed record(long time, String key, String text) {
        return new ArchiveReplay.Timed(
                time, time, "build-logs", key, text.getBytes(StandardCharsets.UTF_8));
    }
}
