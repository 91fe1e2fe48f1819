package dev.faultline.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.tools.replay.ArchiveReplay;
import dev.faultline.tools.replay.PartitionLeaders;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code replay} straight after its topics were created, against a real broker: every record
 * arrives, because the replay first waits until each new partition's leader serves it; a topic the
 * cluster does not know is left to the broker; and a cluster that does not answer fails the replay
 * with a clear error before anything is sent.
 */
class ReplayIntoNewTopicsITCase {
    private static final int PARTITIONS = 3;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new EmbeddedKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aReplayStraightAfterItsTopicsWereCreatedLosesNoRecord() throws Exception {
        // Without the wait, a run of 30 such replays lost records already in its second.
        for (int round = 0; round < 10; round++) {
            String logs = "fresh-" + round + "-build-logs";
            String events = "fresh-" + round + "-build-events";
            try (Admin admin = admin()) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(logs, PARTITIONS, (short) 1),
                                        new NewTopic(events, PARTITIONS, (short) 1)))
                        .all()
                        .get();
            }
            List<ArchiveReplay.Timed> plan = DetectFixture.sampleArchivePlan(logs, events);
            ArchiveReplay.send(kafka.bootstrapServers(), plan, 0, new ArchiveReplay.Stats());

            assertThat(records(logs) + records(events)).isEqualTo(plan.size());
        }
    }

    @Test
    void aTopicTheClusterDoesNotKnowIsLeftToTheBroker() throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        PartitionLeaders.awaitServing(client, Set.of("never-created"), Duration.ofSeconds(10));
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
        }
    }

    @Test
    void aClusterThatDoesNotAnswerFailsTheReplayBeforeItSendsAnything() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", "localhost:" + closedPort);
        assertThatThrownBy(
                        () ->
                                PartitionLeaders.awaitServing(
                                        client, Set.of("build-logs"), Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nothing was replayed");
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    /** The records in {@code topic}: its partitions' end offsets (nothing was ever deleted). */
    private static long records(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = admin()) {
            return admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        }
    }
}
