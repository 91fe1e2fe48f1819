package dev.faultline.tools.replay;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits until the leader of every partition of a replay's topics serves that partition.
 *
 * <p>A topic created moments before is in the broker's metadata before the broker leads its
 * partitions. An idempotent producer that starts then can have its first batch to a partition
 * refused ({@code NOT_LEADER_OR_FOLLOWER}) while its next batches, already in flight, are taken;
 * the retried first batch is then out of sequence for good ({@code OUT_OF_ORDER_SEQUENCE_NUMBER})
 * and its records are lost after the delivery timeout. Seen with Kafka 4.2 on a fresh single-node
 * KRaft broker. Asking each leader for the partition's end offset answers only once it leads it.
 */
public final class PartitionLeaders {
    private PartitionLeaders() {}

    /**
     * Returns once every partition of {@code topics} answers from its leader; a topic the cluster
     * does not know is left to the producer (the broker may create it on first use).
     *
     * @throws IOException when the topics cannot be described, or a partition does not answer,
     *     within {@code timeout}
     */
    public static void awaitServing(Properties client, Collection<String> topics, Duration timeout)
            throws Exception {
        // the admin client's timeouts are ints; max.block.ms, the wait's source, is a long
        int millis = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
        Properties p = new Properties();
        p.putAll(client);
        p.put(
                AdminClientConfig.CLIENT_ID_CONFIG,
                client.getProperty(AdminClientConfig.CLIENT_ID_CONFIG, "faultline-replay")
                        + "-leaders");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
                    admin.describeTopics(topics).topicNameValues().entrySet()) {
                TopicDescription description = known(topic.getValue(), timeout);
                if (description != null) {
                    description
                            .partitions()
                            .forEach(
                                    info ->
                                            partitions.put(
                                                    new TopicPartition(
                                                            topic.getKey(), info.partition()),
                                                    OffsetSpec.latest()));
                }
            }
            try {
                admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(millis))
                        .all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException(
                        "the leaders of "
                                + partitions.keySet()
                                + " did not all answer within "
                                + timeout.toSeconds()
                                + " s; nothing was replayed",
                        e);
            }
        }
    }

    /** The topic's description, or null if the cluster does not know the topic. */
    private static TopicDescription known(KafkaFuture<TopicDescription> future, Duration timeout)
            throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IOException(
                    "could not describe the replay's topics ("
                            + e.getCause()
                            + "); nothing was replayed",
                    e);
        } catch (TimeoutException e) {
            throw new IOException(
                    "the cluster did not describe the replay's topics within "
                            + timeout.toSeconds()
                            + " s; nothing was replayed",
                    e);
        }
    }
}
