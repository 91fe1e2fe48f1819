package dev.faultline.bench.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.jobs.streaming.DetectJob;
import dev.faultline.jobs.streaming.EmbeddedKafka;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.tools.replay.ArchiveReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A benchmark of the {@code detect} job, not a test: its name does not end in {@code Test}, so
 * {@code mvn verify} never runs it. It measures, on the machine it runs on,
 *
 * <ol>
 *   <li><b>throughput</b>: N synthetic builds are pre-loaded into {@code build-logs}/{@code
 *       build-events}, then the job (exactly-once, RocksDB, Kafka transactions) is started and
 *       timed until the last verdict is visible to a {@code read_committed} consumer;
 *   <li><b>latency</b>: builds are produced live at a fixed line rate with wall-clock timestamps;
 *       for each build, the time from the broker's ack of its last log line to its verdict showing
 *       up in a {@code read_committed} consumer (median, p99, max), per what decided the verdict.
 * </ol>
 *
 * <p>Synthetic builds are the sample archive's 43 builds (logs + events) used as templates under
 * new build IDs {@code <orig>-<n>}. Kafka runs in this JVM ({@link EmbeddedKafka}), Flink on a
 * local MiniCluster, so producer, broker, consumer and job all share the machine's cores, as stated
 * in the report.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * bench/detect-benchmark.sh -Dbench.builds=50000 -Dbench.latency.seconds=60
 * </pre>
 *
 * which runs
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am test -Dtest=DetectBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.builds=20000 -Dbench.latency.seconds=60
 * </pre>
 *
 * Surefire hands command-line {@code -D} properties to the forked test JVM as system properties, so
 * the {@code bench.*} properties below reach this class directly:
 *
 * <ul>
 *   <li>{@code bench.phases} {@code throughput,latency} (default both)
 *   <li>{@code bench.builds} builds pre-loaded for throughput (default 20000, about 600k lines)
 *   <li>{@code bench.concurrency} builds running at once in the synthetic traffic (default 200)
 *   <li>{@code bench.partitions} partitions of the input and verdict topics (default 4)
 *   <li>{@code bench.latency.rate} lines per second in the latency phase (default 2000)
 *   <li>{@code bench.latency.seconds} measured window of the latency phase (default 60)
 *   <li>{@code bench.latency.warmup} seconds produced before the measured window (default 10)
 *   <li>{@code bench.timeout} seconds to wait for the throughput phase's verdicts (default 600)
 *   <li>{@code bench.jfr} {@code true}: record the throughput phase with JFR (profile settings)
 *       into {@code target/bench/detect-throughput.jfr} and add the top sampled frames to the
 *       report
 *   <li>{@code faultline.<option-key>=value}: overrides any {@link FaultlineOptions} key, e.g.
 *       {@code -Dfaultline.checkpoint-interval=5s}; without overrides the job's defaults are used
 * </ul>
 *
 * <p>The report is printed and written to {@code bench/target/bench/detect-benchmark.txt}.
 */
class DetectBenchmark {
    static final Path ARCHIVE = Path.of("..", "testdata", "sample-archive");
    static final int PARALLELISM = 2;

    final int partitions = Integer.getInteger("bench.partitions", 4);
    final int concurrency = Integer.getInteger("bench.concurrency", 200);
    final Path out = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("bench");
    final StringBuilder report = new StringBuilder();

    EmbeddedKafka kafka;
    SignatureCatalog catalog;
    List<Template> templates;

    @Test
    void run() throws Exception {
        Files.createDirectories(out);
        catalog = CatalogLoader.loadDefault();
        templates = Template.load(ARCHIVE);
        Set<String> phases =
                Set.of(System.getProperty("bench.phases", "throughput,latency").split(","));
        long kafkaStart = System.nanoTime();
        kafka = new EmbeddedKafka();
        try {
            Configuration defaults = options("probe");
            header(defaults, (System.nanoTime() - kafkaStart) / 1e9);
            if (phases.contains("throughput")) {
                throughput(Integer.getInteger("bench.builds", 20_000));
            }
            if (phases.contains("latency")) {
                latency(
                        Integer.getInteger("bench.latency.rate", 2_000),
                        Integer.getInteger("bench.latency.seconds", 60),
                        Integer.getInteger("bench.latency.warmup", 10));
            }
        } finally {
            String text = report.toString();
            Files.writeString(out.resolve("detect-benchmark.txt"), text);
            System.out.println();
            System.out.println(text);
            System.out.println(
                    "(written to "
                            + out.resolve("detect-benchmark.txt").toAbsolutePath().normalize()
                            + ")");
            kafka.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // throughput

    void throughput(int builds) throws Exception {
        Configuration options = options("tput");
        createTopics(options);
        Traffic traffic = new Traffic(templates, concurrency);
        // Event time runs like a live platform's: ~concurrency builds overlap, each keeping its own
        // pacing. It lies in the past (Kafka rejects timestamps more than an hour ahead), far
        // enough that a final clock tick can move every partition past the inactivity timeout.
        long tickGap = options.get(FaultlineOptions.INACTIVITY_TIMEOUT).plusMinutes(5).toMillis();
        long span = (long) builds * traffic.staggerMillis + traffic.maxDuration;
        long t0 = System.currentTimeMillis() - span - tickGap - Duration.ofMinutes(10).toMillis();

        progress(
                "throughput: pre-loading %,d builds (stagger %d ms, ~%d concurrent) ...",
                builds, traffic.staggerMillis, concurrency);
        long loadStart = System.nanoTime();
        Map<String, Integer> linesOf = new HashMap<>(builds * 2);
        long[] counts = new long[2];
        long lastTime;
        SendFailures failures = new SendFailures();
        try (KafkaProducer<byte[], byte[]> producer = producer(true)) {
            lastTime =
                    traffic.preload(
                            builds,
                            t0,
                            (topic, key, value, time, isLine) -> {
                                producer.send(
                                        new ProducerRecord<>(
                                                topic(options, isLine),
                                                null,
                                                time,
                                                key.getBytes(StandardCharsets.UTF_8),
                                                value),
                                        failures);
                                counts[isLine ? 0 : 1]++;
                            },
                            linesOf);
            // One record per input partition far ahead in event time: every partition's watermark
            // then passes every build's end, settle delay and inactivity timeout (a live platform's
            // other builds do this in production).
            long tick = lastTime + tickGap;
            for (int p = 0; p < partitions; p++) {
                String id = "clock-tick-" + p;
                producer.send(
                        new ProducerRecord<>(
                                options.get(KafkaOptions.LOGS_TOPIC),
                                p,
                                tick,
                                id.getBytes(StandardCharsets.UTF_8),
                                Json.toJsonBytes(
                                        new LogLine(
                                                id,
                                                1,
                                                Instant.ofEpochMilli(tick).toString(),
                                                "tick"))));
                producer.send(
                        new ProducerRecord<>(
                                options.get(KafkaOptions.EVENTS_TOPIC),
                                p,
                                tick,
                                id.getBytes(StandardCharsets.UTF_8),
                                Json.toJsonBytes(tickEvent(id, tick))));
            }
            producer.flush();
        }
        failures.check();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long lines = counts[0];
        progress(
                "throughput: loaded %,d lines + %,d events in %.1f s (%,.0f records/s); starting the job",
                lines, counts[1], loadSeconds, (lines + counts[1]) / loadSeconds);

        Recording jfr = null;
        if (Boolean.getBoolean("bench.jfr")) {
            jfr = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.setName("detect-throughput");
            jfr.start();
        }
        VerdictWatcher watcher =
                new VerdictWatcher(options.get(KafkaOptions.VERDICTS_TOPIC), false);
        watcher.start();
        OffsetSampler offsets =
                new OffsetSampler(
                        options.get(KafkaOptions.GROUP_ID), options.get(KafkaOptions.LOGS_TOPIC));
        offsets.start();
        CpuAccount cpu = CpuAccount.start();
        long submit = System.nanoTime();
        JobClient job = start(options, true);
        long running = awaitRunning(job);
        long deadline = submit + TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.timeout", 600));
        long lastReport = System.nanoTime();
        List<long[]> intake =
                new ArrayList<>(); // {nanoTime, lines the build-logs source has emitted}
        // The verdict count is only taken once enough distinct keys came: counting tens of
        // thousands of IDs every 100 ms took a tenth of a core from the job it measures.
        while ((watcher.firstSeen.size() < builds || watcher.count(linesOf.keySet()) < builds)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            intake.add(new long[] {System.nanoTime(), SourceCounters.lines()});
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                progress(
                        "throughput: %,d / %,d verdicts after %.0f s",
                        watcher.count(linesOf.keySet()), builds, (lastReport - submit) / 1e9);
            }
        }
        Map<String, Long> cpuUsed = cpu.sinceStart(); // before the wait, while the tasks still run
        Thread.sleep(1000); // catch duplicates, if any
        job.cancel().get();
        offsets.stop();
        watcher.stop();
        Path jfrFile = null;
        if (jfr != null) {
            jfr.stop();
            jfrFile = out.resolve("detect-throughput.jfr");
            jfr.dump(jfrFile);
            jfr.close();
        }

        // results
        Map<String, Long> seen = watcher.firstSeen;
        List<Long> times =
                linesOf.keySet().stream()
                        .map(seen::get)
                        .filter(x -> x != null)
                        .sorted()
                        .collect(Collectors.toList());
        int decided = times.size();
        long first = times.isEmpty() ? submit : times.get(0);
        long last = times.isEmpty() ? submit : times.get(times.size() - 1);
        double total = (last - submit) / 1e9;
        // Steady state between the first and the last commit of verdicts: lines of the builds that
        // became visible after the first commit (verdicts of one checkpoint show up within a few
        // hundred ms).
        long firstBatchEnd = first + 1_000_000_000L;
        long linesAfterFirst =
                linesOf.entrySet().stream()
                        .filter(
                                e ->
                                        seen.get(e.getKey()) != null
                                                && seen.get(e.getKey()) > firstBatchEnd)
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        double steadyVerdicts = (last - first) / 1e9;
        double[] offsetRate = offsets.steadyRate(lines);
        long inFirst = reached(intake, 1);
        long in10 = reached(intake, lines / 10);
        long in90 = reached(intake, lines * 9 / 10);
        long inAll = reached(intake, lines);

        line("");
        line(
                "## Throughput: %,d builds pre-loaded, job started afterwards, timed to the last read_committed verdict",
                builds);
        line("");
        line("| builds | lines | events | seconds | lines/s |");
        line("|---:|---:|---:|---:|---:|");
        line("| %,d | %,d | %,d | %.1f | %,.0f |", decided, lines, counts[1], total, lines / total);
        line("");
        line(
                "- job start overhead: submit → job RUNNING %.1f s; submit → first verdict visible %.1f s (includes the first checkpoint); "
                        + "RUNNING → last verdict %.1f s = %,.0f lines/s",
                (running - submit) / 1e9,
                (first - submit) / 1e9,
                (last - running) / 1e9,
                lines / ((last - running) / 1e9));
        if (in10 > 0 && in90 > in10) {
            line(
                    "- steady state, lines taken in by the build-logs source (its numRecordsOut, sampled every 100 ms) between 10%% and 90%% of the input: "
                            + "**%,.0f lines/s**",
                    (lines * 9 / 10 - lines / 10) / ((in90 - in10) / 1e9));
            line(
                    "- source timeline: first line at +%.1f s after submit, 10%% at +%.1f s, 90%% at +%.1f s, all at +%.1f s; "
                            + "last verdict visible %.1f s after the last line was read (watermark, then the next checkpoint)",
                    (inFirst - submit) / 1e9,
                    (in10 - submit) / 1e9,
                    (in90 - submit) / 1e9,
                    (inAll - submit) / 1e9,
                    (last - inAll) / 1e9);
        }
        line(
                "- steady state, first → last verdict commit: %,d lines in %.1f s = %,.0f lines/s (verdict-based: verdicts only show at checkpoints, so this mostly measures checkpoint timing)",
                linesAfterFirst,
                steadyVerdicts,
                steadyVerdicts > 0 ? linesAfterFirst / steadyVerdicts : 0.0);
        if (offsetRate != null) {
            line(
                    "- steady state, source offsets committed at checkpoints: %,.0f lines/s (%,d lines between the first and the last commit before the input was used up, %.1f s)",
                    offsetRate[0], (long) offsetRate[1], offsetRate[2]);
        }
        line(
                "- verdicts: %,d of %,d builds, %,d records read (%d duplicates); by decision: %s",
                decided,
                builds,
                watcher.records.get(),
                watcher.records.get() - watcher.firstSeen.size(),
                watcher.byDecision(linesOf.keySet()));
        line(
                "- job restarts: %d%s",
                SourceCounters.restarts(),
                SourceCounters.restarts() == 0
                        ? ""
                        : " (**the job failed and replayed input: not a throughput measurement**)");
        line("- load average after the phase: %s", loadAverage());
        line(
                "- CPU from submit to the last verdict (this JVM; broker and verdict reader included in process): %s",
                cpuUsed.entrySet().stream()
                        .filter(e -> e.getValue() >= 100_000_000L)
                        .map(
                                e ->
                                        String.format(
                                                Locale.ROOT,
                                                "%s %.1f s (%.1f µs/line)",
                                                e.getKey(),
                                                e.getValue() / 1e9,
                                                e.getValue() / 1e3 / lines))
                        .collect(Collectors.joining("; ")));
        line(
                "- pre-load: %.1f s for %,d records (event time spans %.0f min, stagger %d ms, ~%d concurrent builds)",
                loadSeconds,
                lines + counts[1],
                span / 60_000.0,
                traffic.staggerMillis,
                concurrency);
        if (jfrFile != null) {
            jfrSummary(jfrFile);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // latency

    void latency(int rate, int seconds, int warmup) throws Exception {
        Configuration options = options("lat");
        createTopics(options);
        Traffic traffic = new Traffic(templates, concurrency);
        VerdictWatcher watcher = new VerdictWatcher(options.get(KafkaOptions.VERDICTS_TOPIC), true);
        watcher.start();
        progress("latency: starting the job");
        JobClient job = start(options, true);
        awaitRunning(job);
        CheckpointSampler checkpoints = new CheckpointSampler();
        checkpoints.start();
        progress(
                "latency: producing %,d lines/s for %d s warm-up + %d s measured, ~%d concurrent builds",
                rate, warmup, seconds, concurrency);

        Map<String, Long> lastLineAck = new ConcurrentHashMap<>();
        Map<String, String> templateOf = new ConcurrentHashMap<>();
        Set<String> measured = ConcurrentHashMap.newKeySet();
        AtomicLong produced = new AtomicLong();
        long quietNanos =
                options.get(FaultlineOptions.EVENT_SETTLE)
                        .plus(options.get(FaultlineOptions.OUT_OF_ORDERNESS))
                        .plus(options.get(FaultlineOptions.CHECKPOINT_INTERVAL).multipliedBy(2))
                        .plusSeconds(10)
                        .toNanos();
        long begin = System.nanoTime();
        long windowStart = begin + TimeUnit.SECONDS.toNanos(warmup);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        long hardEnd = windowEnd + quietNanos + TimeUnit.SECONDS.toNanos(120);
        long sentLines = 0;
        long sentEvents = 0;
        long lastNewVerdict = windowEnd;
        int lastCount = 0;
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = producer(false)) {
            Traffic.Live live = traffic.live(random);
            while (true) {
                long now = System.nanoTime();
                if (now >= windowEnd) {
                    int count = watcher.count(measured);
                    if (count != lastCount) {
                        lastCount = count;
                        lastNewVerdict = now;
                    }
                    if (count == measured.size()
                            || now - lastNewVerdict > quietNanos
                            || now > hardEnd) {
                        break;
                    }
                }
                long due = (now - begin) * rate / 1_000_000_000L;
                if (sentLines >= due) {
                    LockSupport.parkNanos(500_000);
                    continue;
                }
                while (sentLines < due) {
                    Traffic.Next n = live.next(now >= windowStart && now < windowEnd);
                    long wall = System.currentTimeMillis();
                    byte[] value =
                            n.template.render(n.index, n.buildId, wall - n.template.rel[n.index]);
                    String key = n.buildId;
                    boolean lastLine = n.index == n.template.lastLine;
                    boolean measure = n.measured;
                    producer.send(
                            new ProducerRecord<>(
                                    topic(options, n.isLine()),
                                    null,
                                    wall,
                                    key.getBytes(StandardCharsets.UTF_8),
                                    value),
                            (md, e) -> {
                                if (e == null && lastLine && measure) {
                                    lastLineAck.put(key, System.nanoTime());
                                }
                            });
                    if (n.isLine()) {
                        sentLines++;
                    } else {
                        sentEvents++;
                    }
                    if (n.finished && n.measured) {
                        // the build started inside the window; it counts if it also ended inside it
                        if (System.nanoTime() < windowEnd) {
                            measured.add(n.buildId);
                            templateOf.put(n.buildId, n.template.id);
                        }
                    }
                }
                produced.set(sentLines);
            }
            producer.flush();
        }
        long stop = System.nanoTime();
        checkpoints.stop();
        job.cancel().get();
        watcher.stop();

        Map<String, List<Long>> byDecision = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        Map<String, Integer> undecided = new TreeMap<>();
        for (String id : measured) {
            Long seen = watcher.firstSeen.get(id);
            Long ack = lastLineAck.get(id);
            if (seen == null || ack == null) {
                undecided.merge(templateOf.get(id), 1, Integer::sum);
                continue;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(seen - ack);
            all.add(ms);
            byDecision
                    .computeIfAbsent(
                            watcher.decidedBy.getOrDefault(id, "?"), k -> new ArrayList<>())
                    .add(ms);
        }

        line("");
        line(
                "## Latency: live traffic at %,d lines/s, last line acked → verdict visible to a read_committed consumer",
                rate);
        line("");
        line(
                "| builds | lines | seconds | lines/s | decided by | verdicts | median ms | p99 ms | max ms |");
        line("|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        double producedSeconds = (stop - begin) / 1e9;
        line(
                "| %,d | %,d | %.0f | %,.0f | all | %,d | %s | %s | %s |",
                measured.size(),
                sentLines,
                producedSeconds,
                sentLines / producedSeconds,
                all.size(),
                pct(all, 50),
                pct(all, 99),
                pct(all, 100));
        byDecision.forEach(
                (by, list) ->
                        line(
                                "| | | | | %s | %,d | %s | %s | %s |",
                                by, list.size(), pct(list, 50), pct(list, 99), pct(list, 100)));
        line("");
        line(
                "- measured: builds that started and sent their last record inside the %d s window after %d s of warm-up; traffic went on at the same rate "
                        + "until their verdicts were in (or none came for %d s)",
                seconds, warmup, TimeUnit.NANOSECONDS.toSeconds(quietNanos));
        line(
                "- \"log\": ended by the build's own end-of-job line (waits for the watermark: out-of-orderness, then the next checkpoint); "
                        + "\"event\": by a build event + settle delay; \"inactivity\": by the inactivity timeout");
        if (!undecided.isEmpty()) {
            line(
                    "- no verdict within the run (expected for builds with neither an end-of-job line nor an outcome event: "
                            + "they wait for the %s inactivity timeout): %s",
                    human(options.get(FaultlineOptions.INACTIVITY_TIMEOUT)), undecided);
        }
        line(
                "- %,d events sent besides the lines; %,d verdict records read, %d duplicates; load average after the phase: %s",
                sentEvents,
                watcher.records.get(),
                watcher.records.get() - watcher.firstSeen.size(),
                loadAverage());
        line("- checkpoints during the phase: %s", checkpoints.summary());
    }

    /** When the sampled count first reached {@code n}, or 0. */
    static long reached(List<long[]> samples, long n) {
        for (long[] x : samples) {
            if (x[1] >= n) {
                return x[0];
            }
        }
        return 0;
    }

    static String pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return String.format(Locale.ROOT, "%,d", sorted.get(Math.max(0, rank - 1)));
    }

    // ---------------------------------------------------------------------------------------------
    // job, topics, clients

    Configuration options(String name) {
        Configuration c = new Configuration();
        // Job defaults, then any -Dfaultline.<key>=value the caller gave.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("faultline."))
                .forEach(
                        k ->
                                c.setString(
                                        k.substring("faultline.".length()), System.getProperty(k)));
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.set(KafkaOptions.LOGS_TOPIC, run + "-build-logs");
        c.set(KafkaOptions.EVENTS_TOPIC, run + "-build-events");
        c.set(KafkaOptions.VERDICTS_TOPIC, run + "-build-verdicts");
        c.set(KafkaOptions.DEAD_LETTERS_TOPIC, run + "-build-dead-letters");
        c.set(KafkaOptions.GROUP_ID, run);
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, run);
        c.set(FaultlineOptions.PARALLELISM, PARALLELISM);
        // Production runs checkpoint to a file system; so does the benchmark.
        c.set(
                FaultlineOptions.CHECKPOINT_DIR,
                out.resolve("checkpoints").resolve(run).toUri().toString());
        return c;
    }

    void createTopics(Configuration c) throws Exception {
        kafka.createTopics(
                Map.of(
                        c.get(KafkaOptions.LOGS_TOPIC), partitions,
                        c.get(KafkaOptions.EVENTS_TOPIC), partitions,
                        c.get(KafkaOptions.VERDICTS_TOPIC), partitions,
                        c.get(KafkaOptions.DEAD_LETTERS_TOPIC), 1));
    }

    static String topic(Configuration options, boolean line) {
        return options.get(line ? KafkaOptions.LOGS_TOPIC : KafkaOptions.EVENTS_TOPIC);
    }

    /**
     * Starts the job as {@code detect} does; {@code countSource}: with {@link SourceCounters} (a
     * metric reporter).
     */
    JobClient start(Configuration options, boolean countSource) throws Exception {
        Configuration conf = DetectJob.jobConfiguration(options);
        if (countSource) {
            SourceCounters.enable(conf);
        }
        StreamExecutionEnvironment env =
                JobEnvironment.create(conf, options.get(FaultlineOptions.PARALLELISM));
        DetectJob.build(env, options, catalog);
        return env.executeAsync("faultline-detect-benchmark");
    }

    static long awaitRunning(JobClient job) throws Exception {
        while (true) {
            JobStatus status = job.getJobStatus().get();
            if (status == JobStatus.RUNNING) {
                return System.nanoTime();
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("job ended before running: " + status);
            }
            Thread.sleep(20);
        }
    }

    KafkaProducer<byte[], byte[]> producer(boolean bulk) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, bulk ? "20" : "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, bulk ? Integer.toString(256 * 1024) : "16384");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Samples the job's completed checkpoints' durations (the metric reporter's gauges). */
    static final class CheckpointSampler {
        final List<Long> durations = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        void start() {
            thread =
                    new Thread(
                            () -> {
                                long seen = -1;
                                while (running.get()) {
                                    long[] last = SourceCounters.lastCheckpoint();
                                    if (last != null && last[0] != seen) {
                                        if (seen >= 0) {
                                            synchronized (durations) {
                                                durations.add(last[1]);
                                            }
                                        }
                                        seen = last[0];
                                    }
                                    LockSupport.parkNanos(20_000_000);
                                }
                            },
                            "bench-checkpoint-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        String summary() {
            synchronized (durations) {
                if (durations.isEmpty()) {
                    return "no checkpoint completed while measured";
                }
                List<Long> sorted = new ArrayList<>(durations);
                sorted.sort(null);
                return String.format(
                        Locale.ROOT,
                        "%d completed, duration median %d ms, p99 %d ms, max %d ms",
                        sorted.size(),
                        sorted.get(sorted.size() / 2),
                        sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
                        sorted.get(sorted.size() - 1));
            }
        }
    }

    /** Counts sends the broker refused: a pre-load that lost records would measure nothing. */
    static final class SendFailures implements org.apache.kafka.clients.producer.Callback {
        final AtomicLong count = new AtomicLong();
        volatile Exception first;

        @Override
        public void onCompletion(
                org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
            if (e != null && count.getAndIncrement() == 0) {
                first = e;
            }
        }

        void check() {
            if (count.get() > 0) {
                throw new IllegalStateException(
                        count.get() + " records were not written to Kafka", first);
            }
        }
    }

    static BuildEvent tickEvent(String id, long time) {
        BuildEvent e = new BuildEvent();
        e.type = BuildEvent.STARTED;
        e.payload = new BuildEvent.Payload();
        e.payload.buildUuid = id;
        e.payload.status = "running";
        e.payload.createdAt = Instant.ofEpochMilli(time).toString();
        e.metadata = new BuildEvent.Metadata();
        e.metadata.eventTimestamp = e.payload.createdAt;
        return e;
    }

    /**
     * Reads the verdicts topic with read_committed and notes when each build's verdict first shows
     * up.
     */
    final class VerdictWatcher {
        final String topic;
        final boolean parse;
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, String> decidedBy = new ConcurrentHashMap<>();
        final AtomicLong records = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        VerdictWatcher(String topic, boolean parseAlways) {
            this.topic = topic;
            this.parse = parseAlways;
        }

        void start() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            p.put(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            p.put(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            thread =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<byte[], byte[]> consumer =
                                        new KafkaConsumer<>(p)) {
                                    consumer.subscribe(List.of(topic));
                                    while (running.get()) {
                                        var batch = consumer.poll(Duration.ofMillis(50));
                                        long now = System.nanoTime();
                                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                                            records.incrementAndGet();
                                            String id = new String(r.key(), StandardCharsets.UTF_8);
                                            if (firstSeen.putIfAbsent(id, now) == null) {
                                                try {
                                                    JsonNode v = Json.mapper().readTree(r.value());
                                                    decidedBy.put(
                                                            id, v.path("decidedBy").asText("?"));
                                                } catch (IOException e) {
                                                    decidedBy.put(id, "unreadable");
                                                }
                                            }
                                        }
                                    }
                                }
                            },
                            "bench-verdict-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        int count(Set<String> ids) {
            int n = 0;
            for (String id : ids) {
                if (firstSeen.containsKey(id)) {
                    n++;
                }
            }
            return n;
        }

        String byDecision(Set<String> ids) {
            return ids.stream()
                    .map(id -> decidedBy.getOrDefault(id, "none"))
                    .collect(Collectors.groupingBy(x -> x, TreeMap::new, Collectors.counting()))
                    .toString();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /**
     * Samples the job's committed source offsets (the Kafka source commits them at each
     * checkpoint).
     */
    final class OffsetSampler {
        final String group;
        final String topic;
        final List<long[]> samples = new ArrayList<>(); // {nanoTime, sum of committed offsets}
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        OffsetSampler(String group, String topic) {
            this.group = group;
            this.topic = topic;
        }

        void start() {
            thread =
                    new Thread(
                            () -> {
                                try (Admin admin =
                                        Admin.create(
                                                Map.of(
                                                        "bootstrap.servers",
                                                        kafka.bootstrapServers()))) {
                                    long previous = -1;
                                    while (running.get()) {
                                        try {
                                            Map<TopicPartition, OffsetAndMetadata> offsets =
                                                    admin.listConsumerGroupOffsets(group)
                                                            .partitionsToOffsetAndMetadata()
                                                            .get();
                                            long sum =
                                                    offsets.entrySet().stream()
                                                            .filter(
                                                                    e ->
                                                                            e.getKey()
                                                                                            .topic()
                                                                                            .equals(
                                                                                                    topic)
                                                                                    && e.getValue()
                                                                                            != null)
                                                            .mapToLong(e -> e.getValue().offset())
                                                            .sum();
                                            if (sum != previous) {
                                                previous = sum;
                                                synchronized (samples) {
                                                    samples.add(
                                                            new long[] {System.nanoTime(), sum});
                                                }
                                            }
                                            Thread.sleep(100);
                                        } catch (InterruptedException e) {
                                            return;
                                        } catch (Exception e) {
                                            // group not there yet
                                        }
                                    }
                                }
                            },
                            "bench-offset-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * {rate, lines, seconds} between the first commit and the last one before the input ran
         * out.
         */
        double[] steadyRate(long totalLines) {
            synchronized (samples) {
                List<long[]> s =
                        samples.stream().filter(x -> x[1] > 0).collect(Collectors.toList());
                if (s.size() < 2) {
                    return null;
                }
                long[] first = s.get(0);
                long[] last = s.get(s.size() - 1);
                // stop at the first commit that covers all lines (later ones add only the clock
                // ticks)
                for (long[] x : s) {
                    if (x[1] >= totalLines) {
                        last = x;
                        break;
                    }
                }
                if (last == first) {
                    return null;
                }
                double seconds = (last[0] - first[0]) / 1e9;
                long lines = Math.min(last[1], totalLines) - first[1];
                return new double[] {lines / seconds, lines, seconds};
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // report

    void header(Configuration o, double kafkaSeconds) {
        line("# Faultline detect benchmark");
        line("");
        line(
                "%s, %d cores, Java %s, max heap %d MiB; Flink local MiniCluster and a Kafka KRaft broker (up in %.1f s) in the same JVM",
                Instant.now().toString().substring(0, 19) + "Z",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                kafkaSeconds);
        line("");
        line(
                "settings: parallelism %d, checkpoint interval %s (exactly-once, RocksDB incremental, transactional sinks), out-of-orderness %s, "
                        + "idleness %s, event settle %s, inactivity timeout %s; %d partitions per input/verdict topic; "
                        + "synthetic builds from the %d sample-archive templates (%d lines/build on average), ~%d concurrent",
                o.get(FaultlineOptions.PARALLELISM),
                human(o.get(FaultlineOptions.CHECKPOINT_INTERVAL)),
                human(o.get(FaultlineOptions.OUT_OF_ORDERNESS)),
                human(o.get(FaultlineOptions.IDLENESS)),
                human(o.get(FaultlineOptions.EVENT_SETTLE)),
                human(o.get(FaultlineOptions.INACTIVITY_TIMEOUT)),
                partitions,
                templates.size(),
                Math.round(templates.stream().mapToInt(t -> t.lineCount).average().orElse(0)),
                concurrency);
        String overrides =
                System.getProperties().stringPropertyNames().stream()
                        .filter(k -> k.startsWith("faultline.") || k.startsWith("bench."))
                        .sorted()
                        .map(k -> k + "=" + System.getProperty(k))
                        .collect(Collectors.joining(" "));
        line("properties: %s", overrides.isEmpty() ? "(none: defaults)" : overrides);
        line(
                "machine load average at start: %s (other processes compete for the same cores; compare runs only at similar load)",
                loadAverage());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static void progress(String format, Object... args) {
        System.out.println(
                "[bench "
                        + Instant.now().toString().substring(11, 19)
                        + "] "
                        + String.format(Locale.ROOT, format, args));
    }

    static final Pattern TASK_THREAD = Pattern.compile(".*\\(\\d+/\\d+\\).*");

    /** Top sampled frames of the JFR recording, for the report. */
    void jfrSummary(Path file) throws IOException {
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> taskTopFrames = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> taskInclusive = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        int samples = 0;
        int taskSamples = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.NativeMethodSample")) {
                String thread =
                        e.getThread("sampledThread") == null
                                ? null
                                : e.getThread("sampledThread").getJavaName();
                RecordedStackTrace st = e.getStackTrace();
                if (thread != null
                        && TASK_THREAD.matcher(thread).matches()
                        && st != null
                        && !st.getFrames().isEmpty()) {
                    nativeSamples++;
                    nativeTop.merge(frame(st.getFrames().get(0)), 1, Integer::sum);
                }
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            samples++;
            RecordedStackTrace st = e.getStackTrace();
            String thread =
                    e.getThread("sampledThread") == null
                            ? "?"
                            : e.getThread("sampledThread").getJavaName();
            String group = thread == null ? "?" : thread.replaceAll("\\d+", "#");
            threads.merge(group, 1, Integer::sum);
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            String top = frame(st.getFrames().get(0));
            topFrames.merge(top, 1, Integer::sum);
            if (thread != null && TASK_THREAD.matcher(thread).matches()) {
                taskSamples++;
                taskTopFrames.merge(top, 1, Integer::sum);
                Set<String> seenHere = new java.util.HashSet<>();
                for (RecordedFrame f : st.getFrames()) {
                    String m = frame(f);
                    if (m.startsWith("dev.faultline") && seenHere.add(m)) {
                        taskInclusive.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        line("");
        line(
                "## JFR (throughput phase, profile settings): %,d execution samples, %,d in Flink task threads (%s)",
                samples, taskSamples, file.getFileName());
        line("");
        line("threads by samples: %s", top(threads, 8, samples));
        line("");
        line("top frames, all threads:");
        top(topFrames, 15, samples).forEach((k, v) -> line("  %5s  %s", v, k));
        line("top frames, Flink task threads:");
        top(taskTopFrames, 15, taskSamples).forEach((k, v) -> line("  %5s  %s", v, k));
        line(
                "Faultline methods on the stack (inclusive; KafkaRecords.deserialize includes the whole chain after the source), Flink task threads:");
        top(taskInclusive, 10, taskSamples).forEach((k, v) -> line("  %5s  %s", v, k));
        line(
                "native method samples in Flink task threads (%,d; includes threads waiting in native calls):",
                nativeSamples);
        top(nativeTop, 8, nativeSamples).forEach((k, v) -> line("  %5s  %s", v, k));
    }

    static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static Map<String, String> top(Map<String, Integer> counts, int n, int total) {
        Map<String, String> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(
                        e ->
                                out.put(
                                        e.getKey(),
                                        String.format(
                                                Locale.ROOT,
                                                "%.1f%%",
                                                100.0 * e.getValue() / Math.max(1, total))));
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // synthetic traffic

    /** One sample build: its records with times relative to the build's start. */
    static final class Template {
        String id;
        long[] rel;
        boolean[] isLine;
        LogLine[] lines;
        byte[][] events;
        int lineCount;
        int lastLine;
        long duration;

        /**
         * Where the template's first record lies on the archive's timeline (its event times are
         * there).
         */
        long origin;

        static List<Template> load(Path archive) throws IOException {
            ArchiveReplay.Stats stats = new ArchiveReplay.Stats();
            // The archive's own timing; each template is then made relative to its build's first
            // record (the archive spans days, a template must not).
            List<ArchiveReplay.Timed> plan =
                    ArchiveReplay.plan(archive, Instant.EPOCH, Duration.ZERO, stats, "L", "E");
            Set<String> withLogs = ArchiveFilesIds.of(archive);
            Map<String, List<ArchiveReplay.Timed>> byBuild = new TreeMap<>();
            for (ArchiveReplay.Timed t : plan) {
                if (withLogs.contains(t.key)) {
                    byBuild.computeIfAbsent(t.key, k -> new ArrayList<>()).add(t);
                }
            }
            List<Template> out = new ArrayList<>();
            for (var e : byBuild.entrySet()) {
                List<ArchiveReplay.Timed> rs = e.getValue();
                Template t = new Template();
                t.id = e.getKey();
                int n = rs.size();
                t.rel = new long[n];
                t.isLine = new boolean[n];
                t.lines = new LogLine[n];
                t.events = new byte[n][];
                for (int i = 0; i < n; i++) {
                    ArchiveReplay.Timed r = rs.get(i);
                    t.rel[i] = r.time - rs.get(0).time;
                    t.origin = rs.get(0).time;
                    t.isLine[i] = r.topic.equals("L");
                    if (t.isLine[i]) {
                        try {
                            t.lines[i] = Json.parseLogLine(r.value);
                        } catch (Exception x) {
                            throw new IllegalStateException(x);
                        }
                        t.lineCount++;
                        t.lastLine = i;
                    } else {
                        t.events[i] = r.value;
                    }
                }
                t.duration = t.rel[n - 1] - t.rel[0];
                out.add(t);
            }
            return out;
        }

        /**
         * Record {@code i} of a copy of this build called {@code buildId} that starts at {@code
         * base}.
         */
        byte[] render(int i, String buildId, long base) {
            if (isLine[i]) {
                LogLine l = lines[i];
                return Json.toJsonBytes(
                        new LogLine(
                                buildId,
                                l.seq,
                                l.timestamp == null ? null : iso(base + rel[i]),
                                l.text));
            }
            try {
                BuildEvent e = Json.parseBuildEvent(events[i]);
                e.payload.buildUuid = buildId;
                e.payload.createdAt = shift(e.payload.createdAt, base - origin);
                e.payload.initializingAt = shift(e.payload.initializingAt, base - origin);
                e.payload.runningAt = shift(e.payload.runningAt, base - origin);
                e.payload.stoppedAt = shift(e.payload.stoppedAt, base - origin);
                if (e.metadata != null) {
                    e.metadata.eventTimestamp = shift(e.metadata.eventTimestamp, base - origin);
                }
                return Json.toJsonBytes(e);
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }

        static String shift(String isoRelative, long base) {
            return isoRelative == null
                    ? null
                    : iso(Instant.parse(isoRelative).toEpochMilli() + base);
        }

        static String iso(long millis) {
            return Instant.ofEpochMilli(millis).toString();
        }
    }

    /** The build IDs of the archive's logs. */
    static final class ArchiveFilesIds {
        static Set<String> of(Path archive) throws IOException {
            return dev.faultline.connectors.archive.ArchiveFiles.logs(archive).stream()
                    .map(dev.faultline.connectors.archive.ArchiveFiles::buildId)
                    .collect(Collectors.toSet());
        }
    }

    interface Sink {
        void send(String topic, String key, byte[] value, long time, boolean isLine)
                throws Exception;
    }

    /**
     * Synthetic builds from the templates: copy {@code n} of template {@code t} is called {@code
     * <t>-<n>}.
     */
    static final class Traffic {
        final List<Template> templates;
        final long staggerMillis;
        final long maxDuration;
        final int concurrency;
        int nextCopy;

        Traffic(List<Template> templates, int concurrency) {
            this.templates = templates;
            this.concurrency = concurrency;
            double mean = templates.stream().mapToLong(t -> t.duration).average().orElse(1000);
            this.staggerMillis = Math.max(1, Math.round(mean / concurrency));
            this.maxDuration = templates.stream().mapToLong(t -> t.duration).max().orElse(0);
        }

        String nextId(Template t) {
            return t.id + "-" + (nextCopy++);
        }

        /**
         * Sends {@code builds} builds in event-time order, build {@code i} starting {@code i ×
         * stagger} after {@code t0} and keeping its template's pacing. Returns the last record's
         * time.
         */
        long preload(int builds, long t0, Sink sink, Map<String, Integer> linesOf)
                throws Exception {
            final class Cursor {
                final Template t;
                final String id;
                final long base;
                int i;

                Cursor(Template t, String id, long base) {
                    this.t = t;
                    this.id = id;
                    this.base = base;
                }

                long time() {
                    return base + t.rel[i];
                }
            }
            PriorityQueue<Cursor> queue =
                    new PriorityQueue<>(Comparator.comparingLong(Cursor::time));
            long minRel = templates.stream().mapToLong(t -> t.rel[0]).min().orElse(0);
            int started = 0;
            long last = t0;
            while (started < builds || !queue.isEmpty()) {
                while (started < builds
                        && (queue.isEmpty()
                                || t0 + (long) started * staggerMillis + minRel
                                        <= queue.peek().time())) {
                    Template t = templates.get(started % templates.size());
                    Cursor c = new Cursor(t, nextId(t), t0 + (long) started * staggerMillis);
                    linesOf.put(c.id, t.lineCount);
                    queue.add(c);
                    started++;
                }
                Cursor c = queue.poll();
                long time = c.time();
                sink.send(null, c.id, c.t.render(c.i, c.id, c.base), time, c.t.isLine[c.i]);
                last = Math.max(last, time);
                if (++c.i < c.t.rel.length) {
                    queue.add(c);
                }
            }
            return last;
        }

        /** The next record to send. */
        static final class Next {
            Template template;
            String buildId;
            int index;
            boolean measured;
            boolean finished;

            boolean isLine() {
                return template.isLine[index];
            }
        }

        /**
         * Live traffic: a fixed number of builds run at once; each record goes to a random one of
         * them.
         */
        Live live(Random random) {
            return new Live(random);
        }

        final class Live {
            final Random random;
            final Next[] slots;
            int nextTemplate;

            Live(Random random) {
                this.random = random;
                this.slots = new Next[Math.max(1, concurrency)];
            }

            /** The next record; a build that starts now is measured if {@code measure}. */
            Next next(boolean measure) {
                int s = random.nextInt(slots.length);
                Next n = slots[s];
                if (n == null || n.finished) {
                    n = new Next();
                    n.template = templates.get(nextTemplate++ % templates.size());
                    n.buildId = nextId(n.template) + "-live";
                    n.index = 0;
                    n.measured = measure;
                    slots[s] = n;
                } else {
                    n.index++;
                }
                n.finished = n.index == n.template.rel.length - 1;
                return n;
            }
        }
    }
}
