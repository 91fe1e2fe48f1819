package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Json;
import dev.faultline.tools.generate.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated archive is deterministic, and the backfill gives every build the verdict the
 * generator expects.
 */
class GeneratedArchiveITCase {
    static final Path TESTDATA = Path.of("..", "testdata");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir Path tmp;

    @Test
    void backfillGivesEveryGeneratedBuildItsExpectedVerdict() throws Exception {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        ArchiveGenerator generator =
                ArchiveGenerator.fromSamples(
                        TESTDATA.resolve("sample-archive"),
                        TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"),
                        catalog);
        ArchiveGenerator.Result r = generator.generate(tmp.resolve("a"), 300, 7, 0.5, true);
        generator.generate(tmp.resolve("b"), 300, 7, 0.5, true);
        assertThat(Files.readString(tmp.resolve("a/expected-verdicts.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("b/expected-verdicts.jsonl")));
        assertThat(r.failures).isBetween(100, 200);

        BackfillJob.run(
                tmp.resolve("a/archive").toString(),
                tmp.resolve("out"),
                catalog,
                2,
                new Configuration());
        Map<String, JsonNode> expected = new HashMap<>();
        for (String line : Files.readAllLines(tmp.resolve("a/expected-verdicts.jsonl"))) {
            JsonNode e = Json.mapper().readTree(line);
            expected.put(e.get("buildId").asText(), e);
        }
        int verdicts = 0;
        for (String line : Files.readAllLines(tmp.resolve("out/verdicts.jsonl"))) {
            JsonNode v = Json.mapper().readTree(line);
            JsonNode e = expected.get(v.get("buildId").asText());
            assertThat(e).isNotNull();
            for (String f :
                    new String[] {"outcome", "category", "stage", "fault", "signature", "lines"}) {
                assertThat(v.get(f))
                        .as("%s of %s (template %s)", f, v.get("buildId"), e.get("template"))
                        .isEqualTo(e.get(f));
            }
            JsonNode evidence = v.get("evidence");
            String expectedEvidence = e.path("evidence").asText();
            if (expectedEvidence.equals("none")) {
                assertThat(evidence.size())
                        .as("evidence of %s (template %s)", v.get("buildId"), e.get("template"))
                        .isZero();
            } else if (expectedEvidence.equals("some")) {
                assertThat(evidence.size())
                        .as("evidence of %s (template %s)", v.get("buildId"), e.get("template"))
                        .isPositive();
            } else if (expectedEvidence.equals("cause-line")) {
                assertThat(evidence.size() == 0 ? null : evidence.get(0).get("line").asLong())
                        .as("cause line of %s (template %s)", v.get("buildId"), e.get("template"))
                        .isEqualTo(
                                e.get("causeLine").isNull() ? null : e.get("causeLine").asLong());
            }
            verdicts++;
        }
        assertThat(verdicts).isEqualTo(300);
    }
}
