package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.jobs.backfill.BackfillSummary;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill job on a MiniCluster (RocksDB) over {@code testdata/sample-archive}: its verdicts
 * must equal the reviewed golden verdicts, and agree with the hand labels on outcome, category,
 * stage, fault and the cause line.
 *
 * <p>To refresh the goldens after an intended change, run the backfill and review the diff: {@code
 * java -jar jobs/target/faultline.jar backfill --out /tmp/b && sort /tmp/b/verdicts.jsonl >
 * testdata/golden/sample-archive-verdicts.jsonl}.
 */
class SampleArchiveGoldenITCase {
    static final Path TESTDATA = Path.of("..", "testdata");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir static Path out;
    static BackfillSummary summary;
    static Map<String, JsonNode> actual;

    @BeforeAll
    static void runBackfill() throws Exception {
        summary =
                BackfillJob.run(
                        TESTDATA.resolve("sample-archive").toString(),
                        out,
                        CatalogLoader.loadDefault(),
                        2,
                        new Configuration());
        actual = byBuild(out.resolve("verdicts.jsonl"));
    }

    @Test
    void verdictsEqualTheGoldenVerdicts() {
        Map<String, JsonNode> golden =
                byBuild(TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(golden.keySet());
        golden.forEach(
                (build, expected) ->
                        assertThat(actual.get(build))
                                .as("verdict of %s", build)
                                .isEqualTo(expected));
    }

    @Test
    void everyExplainedFailureSaysWhatToDoAndWhetherToRetry() {
        long retryWorthy = 0;
        for (JsonNode v : actual.values()) {
            boolean failure = "failure".equals(text(v, "outcome"));
            if (!failure) {
                assertThat(v.get("retry").isNull()).as("retry of %s", text(v, "buildId")).isTrue();
                continue;
            }
            assertThat(v.get("retry").isBoolean()).as("retry of %s", text(v, "buildId")).isTrue();
            assertThat(text(v, "retryReason")).isNotBlank();
            if (v.get("retry").asBoolean()) {
                retryWorthy++;
                assertThat(text(v, "fault")).isEqualTo("platform");
            }
            if (text(v, "signature") != null) {
                assertThat(text(v, "advice")).as("advice of %s", text(v, "buildId")).isNotBlank();
            }
        }
        assertThat(retryWorthy).isPositive();
        assertThat(summary.retryWorthy).isEqualTo(retryWorthy);
    }

    @Test
    void verdictsAgreeWithTheHandLabels() throws IOException {
        for (String line : Files.readAllLines(TESTDATA.resolve("sample-archive-labels.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode label = Json.mapper().readTree(line);
            String build = label.get("buildId").asText();
            JsonNode v = actual.get(build);
            assertThat(v).as("verdict for %s", build).isNotNull();
            for (String field : new String[] {"outcome", "category", "stage", "fault"}) {
                assertThat(text(v, field))
                        .as("%s of %s (%s)", field, build, label.path("note").asText())
                        .isEqualTo(text(label, field));
            }
            if (label.hasNonNull("causeLine") && "failure".equals(text(label, "outcome"))) {
                assertThat(v.get("evidence").get(0).get("line").asLong())
                        .as("first evidence line of %s", build)
                        .isEqualTo(label.get("causeLine").asLong());
            }
        }
    }

    @Test
    void successfulBuildsWithHarmlessErrorWordsStaySuccessful() {
        assertThat(summary.outcomes.get("success")).isGreaterThanOrEqualTo(5L);
        actual.values().stream()
                .filter(v -> "success".equals(text(v, "outcome")))
                .forEach(v -> assertThat(v.get("category").isNull()).isTrue());
    }

    private static String text(JsonNode node, String field) {
        JsonNode f = node.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }

    private static Map<String, JsonNode> byBuild(Path jsonl) {
        Map<String, JsonNode> m = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) {
                    JsonNode v = Json.mapper().readTree(line);
                    m.put(v.get("buildId").asText(), v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
