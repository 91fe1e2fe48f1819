package dev.faultline.tools.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** A replay whose records do not reach Kafka fails, saying how many were lost. */
class ArchiveReplaySendTest {

    @Test
    void recordsTheProducerGivesUpOnFailTheReplay() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        // Give up on the missing broker quickly; the producer reports it through each record's
        // callback, not by throwing from send().
        client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300");
        List<ArchiveReplay.Timed> records =
                List.of(record(1, "b-1", "one"), record(2, "b-2", "two"));

        assertThatThrownBy(
                        () ->
                                ArchiveReplay.send(
                                        client, records, 0, false, new ArchiveReplay.Stats()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("2 of 2 records were not written to Kafka");
    }

    private static ArchiveReplay.Timed record(long time, String key, String text) {
        return new ArchiveReplay.Timed(
                time, time, "build-logs", key, text.getBytes(StandardCharsets.UTF_8));
    }
}
