package dev.faultline.tools.replay;

import dev.faultline.connectors.archive.ArchiveFiles;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays an archive into Kafka the way a live platform would produce it: every build's timestamps
 * are moved to "now" (builds staggered a little apart, keeping each build's own pacing), and the
 * lines and events of all builds are interleaved in time order. Lines go to {@code build-logs}
 * keyed by build ID, so one build's lines stay in order within a partition.
 */
public final class ArchiveReplay {
    private ArchiveReplay() {}

    /** One record to send, at its (rebased) time. */
    public static final class Timed {
        public final long time;
        public final String topic;
        public final String key;
        public final byte[] value;
        final long order;

        Timed(long time, long order, String topic, String key, byte[] value) {
            this.time = time;
            this.order = order;
            this.topic = topic;
            this.key = key;
            this.value = value;
        }
    }

    /** What a replay sent. */
    public static final class Stats {
        public int builds;
        public long lines;
        public long events;
        public final List<String> problems = new ArrayList<>();
        public double seconds;
    }

    /**
     * The archive's records in send order.
     *
     * @param start the new start time of the first build
     * @param stagger how far apart consecutive builds start; zero keeps the archive's own timing
     */
    public static List<Timed> plan(
            Path archive,
            Instant start,
            Duration stagger,
            Stats stats,
            String logsTopic,
            String eventsTopic)
            throws IOException {
        return plan(archive, start, stagger, stats, logsTopic, eventsTopic, "");
    }

    /**
     * The archive's records in send order, every build ID prefixed with {@code buildIdPrefix} (so
     * that the same archive replayed again gives new builds).
     */
    public static List<Timed> plan(
            Path archive,
            Instant start,
            Duration stagger,
            Stats stats,
            String logsTopic,
            String eventsTopic,
            String buildIdPrefix)
            throws IOException {
        Map<String, List<BuildEvent>> eventsByBuild = new HashMap<>();
        for (Path file : ArchiveFiles.eventFiles(archive)) {
            for (BuildEvent e : ArchiveFiles.readEvents(file, stats.problems)) {
                eventsByBuild.computeIfAbsent(e.buildId(), k -> new ArrayList<>()).add(e);
            }
        }
        List<String> ids = new ArrayList<>();
        List<List<LogLine>> logs = new ArrayList<>();
        List<Long> origins = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (Path file : ArchiveFiles.logs(archive)) {
            try {
                logs.add(ArchiveFiles.readLog(file));
                ids.add(ArchiveFiles.buildId(file));
            } catch (IOException e) {
                stats.problems.add(file + ": " + e);
                continue;
            }
            long origin =
                    origin(
                            logs.get(logs.size() - 1),
                            eventsByBuild.getOrDefault(ids.get(ids.size() - 1), List.of()));
            origins.add(origin);
            earliest = origin == Timestamps.NONE ? earliest : Math.min(earliest, origin);
        }
        // stagger 0: keep the archive's own timing (one shift for all builds), e.g. to replay a
        // staged incident as it happened; the archive's earliest build then starts at {@code
        // start}.
        boolean keepTiming = stagger.isZero();
        long archiveShift =
                keepTiming ? start.toEpochMilli() - (earliest == Long.MAX_VALUE ? 0 : earliest) : 0;
        List<Timed> out = new ArrayList<>();
        long order = 0;
        for (int index = 0; index < logs.size(); index++) {
            List<LogLine> lines = logs.get(index);
            String archivedId = ids.get(index);
            String buildId = buildIdPrefix + archivedId;
            List<BuildEvent> events = eventsByBuild.getOrDefault(archivedId, List.of());
            long origin = origins.get(index);
            long newStart =
                    keepTiming && origin != Timestamps.NONE
                            ? origin + archiveShift
                            : start.toEpochMilli() + index * stagger.toMillis();
            long shift = origin == Timestamps.NONE ? 0 : newStart - origin;
            long clock = newStart;
            for (LogLine line : lines) {
                long t = Timestamps.parseMillis(line.timestamp);
                if (t != Timestamps.NONE) {
                    clock = t + shift;
                    line.timestamp = Instant.ofEpochMilli(clock).toString();
                }
                line.buildId = buildId;
                out.add(new Timed(clock, order++, logsTopic, buildId, Json.toJsonBytes(line)));
                stats.lines++;
            }
            long last = clock;
            for (BuildEvent e : events) {
                e.shiftTimes(shift);
                e.payload.buildUuid = buildId;
                boolean started = BuildEvent.STARTED.equals(e.type);
                long t =
                        started
                                ? newStart - 1
                                : Math.max(last + 1, Timestamps.parseMillis(e.occurredAt()));
                out.add(new Timed(t, order++, eventsTopic, buildId, Json.toJsonBytes(e)));
                stats.events++;
            }
            eventsByBuild.remove(archivedId);
            stats.builds++;
        }
        for (List<BuildEvent> orphans : eventsByBuild.values()) {
            for (BuildEvent e : orphans) {
                if (e.payload != null && e.payload.buildUuid != null) {
                    e.payload.buildUuid = buildIdPrefix + e.payload.buildUuid;
                }
                out.add(
                        new Timed(
                                start.toEpochMilli(),
                                order++,
                                eventsTopic,
                                e.buildId(),
                                Json.toJsonBytes(e)));
                stats.events++;
            }
        }
        out.sort(Comparator.comparingLong((Timed t) -> t.time).thenComparingLong(t -> t.order));
        return out;
    }

    /**
     * One line of build {@code buildId} at {@code after} past the plan's last record: it moves
     * event time past every replayed build's end when nothing else is sent (on a live platform,
     * other builds' lines do that). More than the detect job's inactivity timeout also decides
     * builds whose log never ended.
     */
    public static Timed endTick(
            List<Timed> plan, Duration after, String buildId, String logsTopic) {
        long last = plan.isEmpty() ? Instant.now().toEpochMilli() : plan.get(plan.size() - 1).time;
        long t = last + after.toMillis();
        LogLine tick =
                new LogLine(
                        buildId,
                        1,
                        Instant.ofEpochMilli(t).toString(),
                        "faultline replay: end tick");
        return new Timed(t, Long.MAX_VALUE, logsTopic, buildId, Json.toJsonBytes(tick));
    }

    /**
     * Sends {@code records} in order, at most {@code linesPerSecond} per second (0: as fast as
     * possible).
     */
    public static void send(
            String bootstrapServers, List<Timed> records, int linesPerSecond, Stats stats)
            throws Exception {
        send(bootstrapServers, records, linesPerSecond, false, stats);
    }

    /**
     * As above; with {@code realtime}, each record waits until the wall clock reaches its own time
     * (records already in the past go at once), so a replay starting now runs like the live
     * platform.
     */
    public static void send(
            String bootstrapServers,
            List<Timed> records,
            int linesPerSecond,
            boolean realtime,
            Stats stats)
            throws Exception {
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        send(client, records, linesPerSecond, realtime, stats);
    }

    /**
     * As above, with the Kafka client settings {@code client} (brokers, and TLS or SASL if the
     * cluster needs them; see {@code KafkaClientProperties}).
     */
    public static void send(
            Properties client,
            List<Timed> records,
            int linesPerSecond,
            boolean realtime,
            Stats stats)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putAll(client);
        // what replay needs of its producer, whatever the client settings say
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Set<String> topics = new TreeSet<>();
        records.forEach(t -> topics.add(t.topic));
        // as long as the producer itself would wait for a partition's metadata
        Duration leaders =
                Duration.ofMillis(
                        Long.parseLong(
                                client.getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000")));
        PartitionLeaders.awaitServing(client, topics, leaders);
        long begin = System.nanoTime();
        SendFailures failures = new SendFailures();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long sent = 0;
            for (Timed t : records) {
                long early = realtime ? t.time - System.currentTimeMillis() : 0;
                if (early > 0) {
                    Thread.sleep(early);
                }
                producer.send(
                        new ProducerRecord<>(
                                t.topic,
                                null,
                                t.time,
                                t.key == null ? null : t.key.getBytes(StandardCharsets.UTF_8),
                                t.value),
                        failures);
                sent++;
                if (linesPerSecond > 0) {
                    long due = begin + sent * 1_000_000_000L / linesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            // Every record has completed once flush returns, its callback run.
            producer.flush();
            failures.throwIfAny(sent);
        }
        stats.seconds = (System.nanoTime() - begin) / 1e9;
    }

    /**
     * Counts the records the producer gave up on (it retries each until its delivery timeout) and
     * keeps the first error: a replay that lost a record in the middle must not end as if it had
     * sent everything.
     */
    static final class SendFailures implements Callback {
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, e);
            }
        }

        void throwIfAny(long sent) throws IOException {
            long n = failed.get();
            if (n > 0) {
                throw new IOException(
                        n
                                + " of "
                                + sent
                                + " records were not written to Kafka; the first error: "
                                + first.get(),
                        first.get());
            }
        }
    }

    private static long origin(List<LogLine> lines, List<BuildEvent> events) {
        for (LogLine l : lines) {
            long t = Timestamps.parseMillis(l.timestamp);
            if (t != Timestamps.NONE) {
                return t;
            }
        }
        for (BuildEvent e : events) {
            if (e.payload != null
                    && Timestamps.parseMillis(e.payload.createdAt) != Timestamps.NONE) {
                return Timestamps.parseMillis(e.payload.createdAt);
            }
        }
        return Timestamps.NONE;
    }
}
