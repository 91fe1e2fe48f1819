package dev.faultline.jobs.streaming;

import static dev.faultline.jobs.streaming.DetectFixture.comparable;
import static dev.faultline.jobs.streaming.DetectFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.connectors.kafka.KafkaInput;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.connectors.kafka.KafkaRecords;
import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.tools.replay.ArchiveReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code detect} job on a MiniCluster (RocksDB) against a real Kafka broker: the sample archive
 * replayed through Kafka gives the backfill's verdicts, exactly once, also across an injected
 * failure and a stop-with-savepoint/resume; bad records become dead letters.
 */
class DetectJobKafkaITCase {
    static final Path TESTDATA = Path.of("..", "testdata");

    /** Partitions of the logs and the events topic. */
    static final int INPUT_PARTITIONS = 3;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    static EmbeddedKafka kafka;
    static DetectFixture fixture;
    static Map<String, JsonNode> golden;
    @TempDir static Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new EmbeddedKafka();
        fixture = new DetectFixture(kafka, CatalogLoader.loadDefault(), INPUT_PARTITIONS);
        golden = new TreeMap<>();
        for (String line :
                Files.readAllLines(TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"))) {
            JsonNode v = Json.mapper().readTree(line);
            golden.put(v.get("buildId").asText(), comparable(v));
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sampleArchiveThroughKafkaGivesTheBackfillVerdictsExactlyOnce() throws Exception {
        Configuration options = options("e2e");
        JobClient job = start(options);
        try {
            replay(options, 0);
            assertExactlyTheGoldenVerdicts(options, job);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void injectedFailureRestartsFromCheckpointWithoutLosingOrRepeatingAVerdict() throws Exception {
        Configuration options = options("failure");
        // Each source subtask throws once after 250 lines; the replay is paced so checkpoints exist
        // by then.
        JobClient job =
                fixture.start(
                        options,
                        logs ->
                                logs.map(new FailOnceAfter<KafkaInput>(250), KafkaRecords.TYPE)
                                        .name("fail-once-after-lines")
                                        .uid("fail-once-after-lines"));
        try {
            replay(options, 400);
            assertExactlyTheGoldenVerdicts(options, job);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void stopWithSavepointAndResumeKeepsEveryVerdictExactlyOnce() throws Exception {
        Configuration options = options("savepoint");
        List<ArchiveReplay.Timed> plan = plan(options);
        int half = plan.size() / 2;

        JobClient first = start(options);
        ArchiveReplay.send(
                kafka.bootstrapServers(), plan.subList(0, half), 0, new ArchiveReplay.Stats());
        // let some builds be decided and committed before stopping
        kafka.readCommitted(
                options.get(KafkaOptions.VERDICTS_TOPIC),
                r -> r.size() >= 5,
                Duration.ofSeconds(60),
                Duration.ZERO);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                tmp.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();

        options.set(FaultlineOptions.FROM_SAVEPOINT, savepoint);
        JobClient second = start(options);
        try {
            ArchiveReplay.send(
                    kafka.bootstrapServers(),
                    plan.subList(half, plan.size()),
                    0,
                    new ArchiveReplay.Stats());
            sendClockTicks(options, lastTime(plan) + Duration.ofHours(1).toMillis());
            assertExactlyTheGoldenVerdicts(options, second);
        } finally {
            second.cancel().get();
        }
    }

    @Test
    void badRecordsBecomeDeadLettersAndGoodRecordsAroundThemAreUnaffected() throws Exception {
        Configuration options = options("bad-input");
        String logs = options.get(KafkaOptions.LOGS_TOPIC);
        String events = options.get(KafkaOptions.EVENTS_TOPIC);
        JobClient job = start(options);
        try {
            long t = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
            byte[] key = "good".getBytes(StandardCharsets.UTF_8);
            byte[] binary = new byte[512];
            new Random(3).nextBytes(binary);
            sendLine(
                    logs,
                    new LogLine("good", 1, iso(t), "Executing user build command: npm run build"),
                    t);
            kafka.send(logs, key, "not json at all".getBytes(StandardCharsets.UTF_8), t + 1);
            kafka.send(
                    logs,
                    key,
                    "{\"buildId\":\"good\",\"seq\":\"two\",\"text\":\"x\"}"
                            .getBytes(StandardCharsets.UTF_8),
                    t + 2);
            kafka.send(
                    logs,
                    null,
                    "{\"seq\":2,\"text\":\"who am I\"}".getBytes(StandardCharsets.UTF_8),
                    t + 3);
            kafka.send(logs, key, binary, t + 4);
            sendLine(logs, new LogLine("good", 2, iso(t + 5), "x".repeat(10 * 1024 * 1024)), t + 5);
            sendLine(
                    logs,
                    new LogLine(
                            "good",
                            3,
                            iso(t + 6),
                            "src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."),
                    t + 6);
            sendLine(
                    logs,
                    new LogLine(
                            "good",
                            4,
                            iso(t + 7),
                            "Failed: error occurred while running build command"),
                    t + 7);
            kafka.send(
                    events,
                    key,
                    "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{}}"
                            .getBytes(StandardCharsets.UTF_8),
                    t + 8);
            sendClockTicks(options, t + 3_600_000);

            List<ConsumerRecord<byte[], byte[]>> verdicts =
                    kafka.readCommitted(
                            options.get(KafkaOptions.VERDICTS_TOPIC),
                            r -> !r.isEmpty(),
                            Duration.ofSeconds(90),
                            Duration.ZERO);
            assertThat(verdicts).hasSize(1);
            JsonNode v = Json.mapper().readTree(verdicts.get(0).value());
            assertThat(v.get("buildId").asText()).isEqualTo("good");
            assertThat(v.get("signature").asText()).isEqualTo("tsc.error");
            assertThat(v.get("lines").asLong()).isEqualTo(4);

            List<ConsumerRecord<byte[], byte[]>> dead =
                    kafka.readCommitted(
                            options.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                            r -> r.size() >= 6,
                            Duration.ofSeconds(60),
                            Duration.ZERO);
            Map<String, Long> reasons =
                    dead.stream()
                            .map(r -> json(r.value()))
                            .collect(
                                    Collectors.groupingBy(
                                            d -> d.get("reason").asText(),
                                            TreeMap::new,
                                            Collectors.counting()));
            assertThat(reasons)
                    .containsEntry("invalid-json", 3L) // not JSON, wrong type, binary bytes
                    .containsEntry("missing-build-id", 2L) // a line and an event without a build
                    .containsEntry("line-too-long", 1L);
            dead.stream()
                    .map(r -> json(r.value()))
                    .forEach(
                            d -> {
                                assertThat(d.get("source").asText()).isIn(logs, events);
                                assertThat(d.get("position").asText()).matches("\\d+:\\d+");
                            });
            assertThat(
                            dead.stream()
                                    .map(r -> json(r.value()))
                                    .filter(d -> !"line-too-long".equals(d.get("reason").asText())))
                    .allSatisfy(d -> assertThat(d.get("originalBase64").isNull()).isFalse());
        } finally {
            job.cancel().get();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Configuration options(String name) throws Exception {
        Configuration c = fixture.options(name, tmp);
        c.set(FaultlineOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        c.set(FaultlineOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(2));
        return c;
    }

    private static JobClient start(Configuration options) throws Exception {
        return fixture.start(options);
    }

    private static List<ArchiveReplay.Timed> plan(Configuration options) throws IOException {
        return DetectFixture.sampleArchivePlan(
                options.get(KafkaOptions.LOGS_TOPIC), options.get(KafkaOptions.EVENTS_TOPIC));
    }

    /**
     * Replays the whole sample archive, then moves event time on so that stalled builds time out.
     */
    private static void replay(Configuration options, int linesPerSecond) throws Exception {
        List<ArchiveReplay.Timed> plan = plan(options);
        ArchiveReplay.send(
                kafka.bootstrapServers(), plan, linesPerSecond, new ArchiveReplay.Stats());
        sendClockTicks(options, lastTime(plan) + Duration.ofHours(1).toMillis());
    }

    private static long lastTime(List<ArchiveReplay.Timed> plan) {
        return plan.get(plan.size() - 1).time;
    }

    private static void sendClockTicks(Configuration options, long t) throws Exception {
        fixture.sendClockTicks(options, t);
    }

    private static void sendLine(String topic, LogLine line, long timestamp) throws Exception {
        kafka.send(
                topic,
                line.buildId.getBytes(StandardCharsets.UTF_8),
                Json.toJsonBytes(line),
                timestamp);
    }

    /**
     * As below; a failure also says what state the job was in (a job that keeps restarting commits
     * no verdict, one stuck in a checkpoint commits none either).
     */
    private static void assertExactlyTheGoldenVerdicts(Configuration options, JobClient job)
            throws Exception {
        try {
            assertExactlyTheGoldenVerdicts(options);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "\njob status at the timeout: " + job.getJobStatus().get(), e);
        }
    }

    private static void assertExactlyTheGoldenVerdicts(Configuration options) {
        List<ConsumerRecord<byte[], byte[]>> records =
                kafka.readCommitted(
                        options.get(KafkaOptions.VERDICTS_TOPIC),
                        r ->
                                r.stream()
                                        .map(x -> new String(x.key(), StandardCharsets.UTF_8))
                                        .collect(Collectors.toSet())
                                        .containsAll(golden.keySet()),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(3));
        DetectFixture.assertEachBuildExactlyOnce(records, golden);
    }

    private static String iso(long millis) {
        return DetectFixture.iso(millis);
    }
}
