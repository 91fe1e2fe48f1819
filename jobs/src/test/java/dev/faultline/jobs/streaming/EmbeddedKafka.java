package dev.faultline.jobs.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker inside the test JVM, with helpers to produce and read.
 * Public so that the detect benchmark in {@code bench/} can use it too.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    public EmbeddedKafka() throws Exception {
        cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("message.max.bytes", Integer.toString(16 * 1024 * 1024))
                        .setConfigProp("transaction.max.timeout.ms", "900000")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1)));
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, partitions);
        }
    }

    /**
     * Waits until the broker's metadata names a leader for every partition of {@code partitions}:
     * the controller has committed a new topic when {@code createTopics} returns, but the broker
     * serves it only once it has applied that metadata, and a producer that starts before then
     * retries its first batches against a partition without a leader (Kafka's own test utilities
     * wait the same way).
     */
    private static void awaitLeaders(Admin admin, Map<String, Integer> partitions)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> waiting = leaderless(admin, partitions);
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader after 60 s for " + waiting);
            }
            Thread.sleep(50);
            waiting = leaderless(admin, partitions);
        }
    }

    /** The topics of {@code partitions} with a partition the broker knows no leader for. */
    private static List<String> leaderless(Admin admin, Map<String, Integer> partitions)
            throws Exception {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(partitions.keySet()).allTopicNames().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
            described = Map.of(); // the broker has not applied the new topics yet
        }
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
            TopicDescription d = described.get(topic.getKey());
            long led =
                    d == null
                            ? 0
                            : d.partitions().stream()
                                    .filter(p -> p.leader() != null && !p.leader().isEmpty())
                                    .count();
            if (led < topic.getValue()) {
                waiting.add(topic.getKey() + " (" + led + " of " + topic.getValue() + " led)");
            }
        }
        return waiting;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024));
        return new KafkaProducer<>(p);
    }

    public void send(String topic, byte[] key, byte[] value, long timestamp) throws Exception {
        send(topic, null, key, value, timestamp);
    }

    /** Sends one record to {@code partition} of {@code topic} (null: the key's partition). */
    public void send(String topic, Integer partition, byte[] key, byte[] value, long timestamp)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value)).get();
        }
    }

    /**
     * Reads {@code topic} from the start with {@code read_committed} until {@code done} holds for
     * what was read (or the timeout passes), then keeps reading for {@code quiet} to catch
     * duplicates.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration timeout,
            Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long quietEnd = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietEnd) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
