package dev.faultline.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.connectors.kafka.KafkaInput;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.tools.replay.ArchiveReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the detect job's Kafka tests share: a job's topics and options on the embedded broker, its
 * start on the test's MiniCluster, and the clock ticks that move event time on.
 */
final class DetectFixture {
    final EmbeddedKafka kafka;
    final SignatureCatalog catalog;
    final int inputPartitions;

    DetectFixture(EmbeddedKafka kafka, SignatureCatalog catalog, int inputPartitions) {
        this.kafka = kafka;
        this.catalog = catalog;
        this.inputPartitions = inputPartitions;
    }

    /**
     * Options of a job named {@code name} with topics of its own (created here), checkpoints under
     * {@code dir}, and otherwise the detect job's defaults except where a test says why.
     */
    Configuration options(String name, Path dir) throws Exception {
        Configuration c = new Configuration();
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.set(KafkaOptions.LOGS_TOPIC, name + "-build-logs");
        c.set(KafkaOptions.EVENTS_TOPIC, name + "-build-events");
        c.set(KafkaOptions.VERDICTS_TOPIC, name + "-build-verdicts");
        c.set(KafkaOptions.DEAD_LETTERS_TOPIC, name + "-build-dead-letters");
        c.set(KafkaOptions.GROUP_ID, name);
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, name);
        c.set(
                FaultlineOptions.CHECKPOINT_DIR,
                dir.resolve(name + "-checkpoints").toUri().toString());
        // Event time moves on by the clock ticks sent to every partition, never by idleness: a
        // partition marked idle stops holding the watermark back, and with both sources reading a
        // backlog as fast as they can, the logs source ran ahead of an idle events source (with 4 s
        // idleness CI once saw a build decided before its event was read, its verdict without the
        // event's worker and commit). This only bounds how long a partition that gets no record at
        // all holds event time back.
        c.set(FaultlineOptions.IDLENESS, Duration.ofSeconds(20));
        c.set(FaultlineOptions.PARALLELISM, 2);
        kafka.createTopics(
                Map.of(
                        c.get(KafkaOptions.LOGS_TOPIC),
                        inputPartitions,
                        c.get(KafkaOptions.EVENTS_TOPIC),
                        inputPartitions,
                        c.get(KafkaOptions.VERDICTS_TOPIC),
                        3,
                        c.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                        1));
        return c;
    }

    JobClient start(Configuration options) throws Exception {
        return start(options, UnaryOperator.identity());
    }

    /** Starts the detect job with {@code logs} applied to its log records (e.g. a fault). */
    JobClient start(Configuration options, UnaryOperator<DataStream<KafkaInput>> logs)
            throws Exception {
        StreamExecutionEnvironment env =
                JobEnvironment.create(
                        DetectJob.jobConfiguration(options),
                        options.get(FaultlineOptions.PARALLELISM));
        DetectJob.build(env, options, catalog, logs);
        return env.executeAsync("faultline-detect-test");
    }

    /**
     * In production other builds keep event time moving; here one record at {@code t} in every
     * partition of both input topics does it (a line of a tick build, and a start event of
     * another), so that builds that never ended reach their inactivity timeout. Each partition's
     * records arrive in time order, so event time passes a build only after every partition has
     * delivered what came before the tick. The tick builds themselves never end: event time does
     * not pass their own timeout.
     */
    void sendClockTicks(Configuration options, long t) throws Exception {
        for (int p = 0; p < inputPartitions; p++) {
            String lineBuild = "clock-tick-lines-" + p;
            kafka.send(
                    options.get(KafkaOptions.LOGS_TOPIC),
                    p,
                    lineBuild.getBytes(StandardCharsets.UTF_8),
                    Json.toJsonBytes(new LogLine(lineBuild, 1, iso(t), "tick")),
                    t);
            String eventBuild = "clock-tick-events-" + p;
            String started =
                    "{\"type\":\"cf.workersBuilds.worker.build.started\",\"source\":{\"type\":\"workersBuilds.worker\"},"
                            + "\"payload\":{\"buildUuid\":\""
                            + eventBuild
                            + "\",\"status\":\"running\",\"createdAt\":\""
                            + iso(t)
                            + "\"}}";
            kafka.send(
                    options.get(KafkaOptions.EVENTS_TOPIC),
                    p,
                    eventBuild.getBytes(StandardCharsets.UTF_8),
                    started.getBytes(StandardCharsets.UTF_8),
                    t);
        }
    }

    /**
     * The sample archive's records for {@code logsTopic} and {@code eventsTopic}, rebased into the
     * past: Kafka rejects record timestamps more than an hour ahead, and the tests' clock tick lies
     * an hour after the last build.
     */
    static List<ArchiveReplay.Timed> sampleArchivePlan(String logsTopic, String eventsTopic)
            throws IOException {
        return ArchiveReplay.plan(
                Path.of("..", "testdata", "sample-archive"),
                Instant.now().minus(Duration.ofHours(3)),
                Duration.ofSeconds(2),
                new ArchiveReplay.Stats(),
                logsTopic,
                eventsTopic);
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /**
     * Fields that differ between a replay and a backfill by design (rebased times, what ended it).
     */
    static final Set<String> RUN_SPECIFIC = Set.of("decidedBy", "firstTimestamp", "lastTimestamp");

    /** A verdict without its {@link #RUN_SPECIFIC} fields, to compare runs. */
    static JsonNode comparable(JsonNode verdict) {
        ObjectNode copy = verdict.deepCopy();
        RUN_SPECIFIC.forEach(copy::remove);
        return copy;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The committed verdict records hold exactly one verdict for each build of {@code expected}
     * (comparable verdicts by build ID), equal to it, and none for any other build.
     */
    static void assertEachBuildExactlyOnce(
            List<ConsumerRecord<byte[], byte[]>> records, Map<String, JsonNode> expected) {
        Map<String, List<JsonNode>> byBuild =
                records.stream()
                        .map(r -> json(r.value()))
                        .collect(
                                Collectors.groupingBy(
                                        v -> v.get("buildId").asText(),
                                        TreeMap::new,
                                        Collectors.toList()));
        assertThat(byBuild.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        byBuild.forEach(
                (build, verdicts) -> {
                    assertThat(verdicts).as("committed verdicts of %s", build).hasSize(1);
                    assertThat(comparable(verdicts.get(0)))
                            .as("verdict of %s", build)
                            .isEqualTo(expected.get(build));
                });
    }
}
