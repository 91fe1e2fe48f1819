package dev.faultline.jobs.streaming;

import static dev.faultline.jobs.streaming.DetectFixture.comparable;
import static dev.faultline.jobs.streaming.DetectFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Json;
import dev.faultline.tools.generate.ArchiveGenerator;
import dev.faultline.tools.replay.ArchiveReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect} started on a backlog: topics that already hold well over a thousand builds, over
 * four partitions, read as fast as the job goes. Every build gets exactly one committed verdict,
 * the one a backfill of the same archive gives, within a bound; and the same when the job is
 * stopped with a savepoint in the middle of the backlog and resumed after more has piled up.
 *
 * <p>This is what once stalled: with checkpoints in the JobManager's memory (5 MB), the CEP
 * operators' buffered lines under a backlog outgrew it, every checkpoint failed, and no transaction
 * ever committed. The job's own defaults are used here, apart from the checkpoint directory (which
 * {@code java -jar ... detect} sets itself) and the idleness the other Kafka tests explain.
 */
class DetectBacklogITCase {
    static final Path TESTDATA = Path.of("..", "testdata");
    static final int BUILDS = 1_200;
    static final int INPUT_PARTITIONS = 4;

    /** How long the whole backlog may take to come out as committed verdicts. */
    static final Duration BOUND = Duration.ofSeconds(180);

    /** Fields that differ between a replay and a backfill by design. */
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir static Path tmp;
    static EmbeddedKafka kafka;
    static DetectFixture fixture;
    static Path archive;
    static Map<String, JsonNode> backfilled;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = new EmbeddedKafka();
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        fixture = new DetectFixture(kafka, catalog, INPUT_PARTITIONS);
        ArchiveGenerator generator =
                ArchiveGenerator.fromSamples(
                        TESTDATA.resolve("sample-archive"),
                        TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"),
                        catalog);
        generator.generate(tmp.resolve("generated"), BUILDS, 23, 0.5, false);
        archive = tmp.resolve("generated/archive");
        BackfillJob.run(
                archive.toString(), tmp.resolve("backfill"), catalog, 2, new Configuration());
        backfilled = new TreeMap<>();
        for (String line : Files.readAllLines(tmp.resolve("backfill/verdicts.jsonl"))) {
            JsonNode v = Json.mapper().readTree(line);
            backfilled.put(v.get("buildId").asText(), comparable(v));
        }
        assertThat(backfilled).hasSize(BUILDS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPreloadedBacklogGetsEveryVerdictExactlyOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration options = fixture.options("backlog", tmp);
        List<ArchiveReplay.Timed> plan = plan(options);
        ArchiveReplay.send(kafka.bootstrapServers(), plan, 0, new ArchiveReplay.Stats());
        fixture.sendClockTicks(options, afterAll(plan));

        long started = System.nanoTime();
        JobClient job = fixture.start(options);
        try {
            assertEveryVerdictExactlyOnce(options);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
            // Not one failure on the way: a restart replays input and can hide a crash loop that
            // gets through in the end (a verdict stamped before 1970 once failed the sink).
            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getFailureInfo())
                    .as("the job never failed")
                    .isNull();
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aSavepointTakenInTheMiddleOfABacklogResumesWithEveryVerdictExactlyOnce() throws Exception {
        Configuration options = fixture.options("backlog-savepoint", tmp);
        List<ArchiveReplay.Timed> plan = plan(options);
        int half = plan.size() / 2;
        ArchiveReplay.send(
                kafka.bootstrapServers(), plan.subList(0, half), 0, new ArchiveReplay.Stats());

        JobClient first = fixture.start(options);
        // Stop while the first half is still being worked through: some verdicts committed, most
        // of the backlog not yet.
        kafka.readCommitted(
                options.get(KafkaOptions.VERDICTS_TOPIC),
                r -> r.size() >= 20,
                BOUND,
                Duration.ZERO);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                tmp.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();

        // More piles up while the job is down.
        ArchiveReplay.send(
                kafka.bootstrapServers(),
                plan.subList(half, plan.size()),
                0,
                new ArchiveReplay.Stats());
        fixture.sendClockTicks(options, afterAll(plan));

        options.set(FaultlineOptions.FROM_SAVEPOINT, savepoint);
        JobClient second = fixture.start(options);
        try {
            assertEveryVerdictExactlyOnce(options);
        } finally {
            second.cancel().get();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<ArchiveReplay.Timed> plan(Configuration options) throws IOException {
        // A build starting every 2 s, the last an hour ago: Kafka rejects record timestamps more
        // than an hour ahead, and the clock tick lies an hour after the last build.
        Instant start =
                Instant.now().minus(Duration.ofHours(1)).minus(Duration.ofSeconds(2L * BUILDS));
        return ArchiveReplay.plan(
                archive,
                start,
                Duration.ofSeconds(2),
                new ArchiveReplay.Stats(),
                options.get(KafkaOptions.LOGS_TOPIC),
                options.get(KafkaOptions.EVENTS_TOPIC));
    }

    /** Past the last record by more than the inactivity timeout: builds without an end time out. */
    private static long afterAll(List<ArchiveReplay.Timed> plan) {
        return plan.get(plan.size() - 1).time + Duration.ofMinutes(50).toMillis();
    }

    private static void assertEveryVerdictExactlyOnce(Configuration options) {
        List<ConsumerRecord<byte[], byte[]>> records =
                kafka.readCommitted(
                        options.get(KafkaOptions.VERDICTS_TOPIC),
                        r -> r.size() >= BUILDS,
                        BOUND,
                        Duration.ofSeconds(3));
        DetectFixture.assertEachBuildExactlyOnce(records, backfilled);
        records.forEach(
                r ->
                        assertThat(new String(r.key(), StandardCharsets.UTF_8))
                                .isEqualTo(json(r.value()).get("buildId").asText()));
    }
}
