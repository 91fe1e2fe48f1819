package dev.faultline.connectors.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind on a topic: over all partitions, the end offset minus the
 * group's committed offset (the earliest offset where it has committed none, as the job then starts
 * there). The job commits its offsets at checkpoints, so this lags by one checkpoint at most;
 * {@link BacklogReportingSource} subtracts what its readers have read since.
 */
public final class ConsumerGroupLag implements BacklogReportingSource.Lag {
    private static final long serialVersionUID = 1L;

    /** How long one probe waits for each answer of the broker. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * When the admin client itself gives up on a call: a little after the probe stopped waiting (so
     * the probe always ends with its own timeout), long before the client's one-minute default, so
     * that probes of a broker that does not answer do not pile up calls retrying in the background.
     */
    private static final Duration CALL_DEADLINE = TIMEOUT.plusSeconds(2);

    private final Properties client;
    private final String group;
    private final String topic;
    private transient Admin admin;

    /**
     * @param client the Kafka client properties (bootstrap servers, security)
     */
    public ConsumerGroupLag(Properties client, String group, String topic) {
        this.client = client;
        this.group = group;
        this.topic = topic;
    }

    @Override
    public long records() throws Exception {
        if (admin == null) {
            Properties p = new Properties();
            p.putAll(client);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-backlog-probe");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_DEADLINE.toMillis());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(p);
        }
        TopicDescription description =
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description
                .partitions()
                .forEach(
                        p -> {
                            TopicPartition tp = new TopicPartition(topic, p.partition());
                            latest.put(tp, OffsetSpec.latest());
                            earliest.put(tp, OffsetSpec.earliest());
                        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            lag += Math.max(0, ends.get(tp).offset() - from);
        }
        return lag;
    }

    @Override
    public void close() {
        if (admin != null) {
            // Aborts calls still pending: the probe only feeds a metric, and a plain close() waits
            // for them, up to a minute against a broker that does not answer, while the job stops.
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
