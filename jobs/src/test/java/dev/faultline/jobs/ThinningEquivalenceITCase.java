package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimised graph (uninteresting lines dropped before the key-by) gives exactly the verdicts of
 * the reference graph that sends every line into per-build state.
 */
class ThinningEquivalenceITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir Path tmp;

    @Test
    void sampleArchiveGivesTheSameVerdictsWithAndWithoutThinning() throws Exception {
        String archive = Path.of("..", "testdata", "sample-archive").toString();
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        BackfillJob.run(
                archive,
                tmp.resolve("thin"),
                catalog,
                2,
                new Configuration(),
                GraphOptions.backfill());
        BackfillJob.run(
                archive,
                tmp.resolve("full"),
                catalog,
                2,
                new Configuration(),
                GraphOptions.backfill().withoutThinning());
        List<String> thin = sorted(tmp.resolve("thin/verdicts.jsonl"));
        assertThat(thin).hasSize(43);
        assertThat(thin).containsExactlyElementsOf(sorted(tmp.resolve("full/verdicts.jsonl")));
    }

    private static List<String> sorted(Path file) throws Exception {
        return Files.readAllLines(file).stream().sorted().collect(Collectors.toList());
    }
}
