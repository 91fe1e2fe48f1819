package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.tools.logchunks.LogChunksEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One failing job per CI system, each in the log format its system documents (GitHub Actions,
 * GitLab, Jenkins, Travis; {@code testdata/dialects}, real tool output inside): the backfill finds
 * the failing step's block from the system's own step lines and puts the line a person marked
 * first.
 */
class DialectLogsITCase {
    static final Path TESTDATA = Path.of("..", "testdata");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir Path out;

    @Test
    void eachSystemsFailingStepGivesItsCause() throws Exception {
        BackfillJob.run(
                TESTDATA.resolve("dialects").toString(),
                out,
                CatalogLoader.loadDefault(),
                2,
                new Configuration());
        Map<String, JsonNode> verdicts =
                LogChunksEvaluation.readVerdicts(out.resolve("verdicts.jsonl"));
        var labels = LogChunksEvaluation.readLabels(TESTDATA.resolve("dialect-labels.jsonl"));
        assertThat(labels)
                .extracting(l -> l.build)
                .containsExactlyInAnyOrder("github-actions", "gitlab", "jenkins", "travis");
        for (LogChunksEvaluation.Label label : labels) {
            JsonNode v = verdicts.get(label.build);
            assertThat(v).as(label.build).isNotNull();
            assertThat(v.get("outcome").asText())
                    .as("outcome of %s", label.build)
                    .isEqualTo("failure");
            long first = v.get("evidence").get(0).get("line").asLong();
            assertThat(label.contains(first))
                    .as(
                            "%s: first evidence line %d in %d..%d (%s)",
                            label.build, first, label.startLine, label.endLine, v.get("evidence"))
                    .isTrue();
        }
        assertThat(Files.readAllLines(out.resolve("dead-letters.jsonl"))).isEmpty();
    }
}
