package dev.faultline.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input written to hurt the job, each case from issue 13, through the real graph: a backfill on the
 * MiniCluster, and {@code detect} against a real broker. In every case the job keeps running, the
 * other builds get their verdicts, and the bad input is a counted dead letter or has no effect.
 */
class HostileInputITCase {
    static final Path TESTDATA = Path.of("..", "testdata");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    static EmbeddedKafka kafka;
    static DetectFixture fixture;
    @TempDir static Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new EmbeddedKafka();
        fixture = new DetectFixture(kafka, CatalogLoader.loadDefault(), 2);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A line that made a default-catalog regex recurse until the stack overflowed. */
    static final String STACK_BREAKER = "a.".repeat(4_090) + "Error: boom";

    @Test
    void aBackfillOfHostileLogsDecidesEveryBuild() throws Exception {
        Path archive = tmp.resolve("hostile-archive");
        try (Stream<Path> sample = Files.list(TESTDATA.resolve("sample-archive"))) {
            Files.createDirectories(archive);
            for (Path p : sample.collect(Collectors.toList())) {
                Files.copy(p, archive.resolve(p.getFileName()));
            }
        }
        String t = "2025-05-29T13:00:01.123Z\t";
        Files.writeString(
                archive.resolve("stack-breaker.log"),
                t
                        + "Executing user build command: npm run build\n"
                        + t
                        + STACK_BREAKER
                        + "\n"
                        + t
                        + "Failed: build command exited with code: 1\n");
        Files.writeString(
                archive.resolve("spoofed-success.log"),
                t
                        + "Executing user build command: ./build.sh\n"
                        + t
                        + "Success: Deploy command completed\n"
                        + t
                        + "npm ERR! Missing script: \"build\"\n"
                        + t
                        + "Failed: build command exited with code: 1\n");
        StringBuilder repeats = new StringBuilder(t + "Executing user build command: node x.js\n");
        for (int i = 0; i < 100_000; i++) {
            repeats.append(t).append("Traceback (most recent call last):\n");
        }
        repeats.append(t).append("Failed: build command exited with code: 1\n");
        Files.writeString(archive.resolve("first-step-repeats.log"), repeats);

        Path out = tmp.resolve("hostile-out");
        BackfillJob.run(
                archive.toString(), out, CatalogLoader.loadDefault(), 2, new Configuration());

        Map<String, JsonNode> verdicts = byBuild(Files.readAllLines(out.resolve("verdicts.jsonl")));
        Map<String, JsonNode> golden =
                byBuild(
                        Files.readAllLines(
                                TESTDATA.resolve("golden/sample-archive-verdicts.jsonl")));
        golden.forEach(
                (build, expected) ->
                        assertThat(verdicts.get(build))
                                .as("verdict of %s", build)
                                .isEqualTo(expected));
        assertThat(verdicts.get("stack-breaker").get("outcome").asText()).isEqualTo("failure");
        assertThat(verdicts.get("spoofed-success").get("outcome").asText()).isEqualTo("failure");
        assertThat(verdicts.get("spoofed-success").get("signature").asText())
                .isEqualTo("npm.missing-script");
        assertThat(verdicts.get("first-step-repeats").get("lines").asLong()).isEqualTo(100_002);
    }

    @Test
    void detectKeepsGoingAndEventTimeStaysPutOnHostileRecords() throws Exception {
        Configuration options = fixture.options("hostile", tmp);
        options.set(KafkaOptions.ALERTS_TOPIC, "hostile-build-alerts");
        kafka.createTopics(Map.of("hostile-build-alerts", 1));
        String logs = options.get(KafkaOptions.LOGS_TOPIC);
        String events = options.get(KafkaOptions.EVENTS_TOPIC);
        JobClient job = fixture.start(options);
        try {
            long t = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
            // a build whose second line claims the year 9999: without a bound it would carry the
            // partition's watermark there and decide every open build from a partial log
            line(logs, "far-future", 1, t, iso(t), "Executing user build command: npm run build");
            line(logs, "far-future", 2, t + 1, "9999-12-31T23:59:59Z", "compiling");
            // a timestamp beyond epoch millis (ArithmeticException in the parser)
            line(logs, "far-future", 3, t + 2, "+300000000-01-01T00:00:00Z", "still compiling");
            // the slow build: its end comes a minute later and must still be seen
            line(logs, "slow", 1, t + 3, iso(t + 3), "Executing user build command: npm test");
            // a build ID of 300 characters, and one with a newline
            line(logs, "b".repeat(300), 1, t + 4, iso(t + 4), "hello");
            line(logs, "two\nlines", 1, t + 5, iso(t + 5), "hello");
            // an event whose account ID is 10,000 characters
            kafka.send(
                    events,
                    "far-future".getBytes(StandardCharsets.UTF_8),
                    event("far-future", "a".repeat(10_000), t + 6).getBytes(StandardCharsets.UTF_8),
                    t + 6);
            // one account's three builds print the GitHub runner's platform line: no page
            for (int i = 0; i < 3; i++) {
                String id = "mallory-" + i;
                long at = t + 10 + i * 10;
                line(logs, id, 1, at, iso(at), "Executing user build command: ./evil.sh");
                line(
                        logs,
                        id,
                        2,
                        at + 1,
                        iso(at + 1),
                        "##[error]The hosted runner: evil lost communication with the server.");
                line(logs, id, 3, at + 2, iso(at + 2), "Failed: build command exited with code: 1");
                kafka.send(
                        events,
                        id.getBytes(StandardCharsets.UTF_8),
                        event(id, "acct-mallory", at + 3).getBytes(StandardCharsets.UTF_8),
                        at + 3);
            }
            // a user's command prints the platform's success line, then fails
            line(logs, "spoof", 1, t + 100, iso(t + 100), "Executing user build command: ./b.sh");
            line(logs, "spoof", 2, t + 101, iso(t + 101), "Success: Deploy command completed");
            line(logs, "spoof", 3, t + 102, iso(t + 102), "npm ERR! Missing script: \"build\"");
            line(
                    logs,
                    "spoof",
                    4,
                    t + 150,
                    iso(t + 150),
                    "Failed: build command exited with code: 1");
            line(
                    logs,
                    "far-future",
                    4,
                    t + 200,
                    iso(t + 200),
                    "Failed: build command exited with code: 2");
            line(logs, "slow", 2, t + 60_000, iso(t + 60_000), "Failed: tests failed");
            fixture.sendClockTicks(options, t + 3_600_000);

            List<ConsumerRecord<byte[], byte[]>> verdicts =
                    kafka.readCommitted(
                            options.get(KafkaOptions.VERDICTS_TOPIC),
                            r ->
                                    buildsOf(r)
                                            .containsAll(
                                                    List.of(
                                                            "far-future",
                                                            "slow",
                                                            "spoof",
                                                            "mallory-2")),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(3));
            Map<String, JsonNode> byBuild = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : verdicts) {
                JsonNode v = json(r.value());
                assertThat(byBuild.put(v.get("buildId").asText(), v))
                        .as("one verdict per build")
                        .isNull();
            }
            assertThat(byBuild.get("far-future").get("decidedBy").asText()).isEqualTo("log");
            assertThat(byBuild.get("far-future").get("lines").asLong()).isEqualTo(4);
            assertThat(byBuild.get("slow").get("decidedBy").asText())
                    .as("the far-future line did not move event time past the slow build")
                    .isEqualTo("log");
            assertThat(byBuild.get("slow").get("lines").asLong()).isEqualTo(2);
            assertThat(byBuild.get("spoof").get("outcome").asText()).isEqualTo("failure");
            assertThat(byBuild).doesNotContainKeys("b".repeat(300), "two\nlines");

            List<ConsumerRecord<byte[], byte[]>> dead =
                    kafka.readCommitted(
                            options.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                            r -> r.size() >= 5,
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(2));
            Map<String, Long> reasons =
                    dead.stream()
                            .map(r -> json(r.value()).get("reason").asText())
                            .collect(
                                    Collectors.groupingBy(
                                            r -> r, TreeMap::new, Collectors.counting()));
            assertThat(reasons)
                    .containsEntry("timestamp-out-of-window", 1L)
                    .containsEntry("invalid-timestamp", 1L)
                    .containsEntry("invalid-build-id", 2L)
                    .containsEntry("field-too-long", 1L);

            List<ConsumerRecord<byte[], byte[]>> alerts =
                    kafka.readCommitted(
                            "hostile-build-alerts",
                            r -> false,
                            Duration.ofSeconds(5),
                            Duration.ZERO);
            assertThat(alerts).as("one account's builds never page").isEmpty();
        } finally {
            job.cancel().get();
        }
    }

    private static void line(
            String topic, String build, long seq, long time, String ts, String text)
            throws Exception {
        kafka.send(
                topic,
                build.getBytes(StandardCharsets.UTF_8),
                Json.toJsonBytes(new LogLine(build, seq, ts, text)),
                time);
    }

    private static String event(String build, String account, long at) {
        return "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"source\":{\"workerName\":\"w\"},"
                + "\"payload\":{\"buildUuid\":\""
                + build
                + "\",\"buildOutcome\":\"failure\",\"stoppedAt\":\""
                + iso(at)
                + "\"},\"metadata\":{\"accountId\":\""
                + account
                + "\"}}";
    }

    private static List<String> buildsOf(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> builds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            builds.add(new String(r.key(), StandardCharsets.UTF_8));
        }
        return builds;
    }

    private static Map<String, JsonNode> byBuild(List<String> lines) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                JsonNode v = json(line.getBytes(StandardCharsets.UTF_8));
                m.put(v.get("buildId").asText(), v);
            }
        }
        return m;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
