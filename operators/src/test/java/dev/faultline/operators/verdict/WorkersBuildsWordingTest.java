package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.RocksDbHarness;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.LogLine;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The platform's own end lines in words the sample archive does not use (its wording is not public
 * and may change): any "Failed: ..." line ends the build as a failure, live, at that line, and its
 * words give the stage; health checks, timeouts and internal errors are recognised in any wording.
 * (The steps' category column is what the words name; with no signature the category stays unknown,
 * for triage.)
 */
class WorkersBuildsWordingTest {
    private static final SignatureCatalog CATALOG = CatalogLoader.loadDefault();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Failed: could not clone the git repository            | clone   | clone                   |",
                "Failed: unable to fetch the repository                | clone   | clone                   |",
                "Failed: dependency installation failed                | install | dependency_installation |",
                "Failed: could not install packages                    | install | dependency_installation |",
                "Failed: could not install the Node.js runtime         | install | tool_installation       |",
                "Failed: The build command exited with a non-zero code | build   | build_command           |",
                "Failed: deployment failed                             | deploy  | deploy_command          |",
                "Failed: could not provision the build environment     | init    | initialization          | wb.init-failed",
                "Failed: Health check of the build container did not pass | build | health_check          | wb.health-check",
                "Failed: Internal server error, please retry           | build   | internal                | wb.internal-error",
                "Build timed out after 20 minutes                      | build   | timeout                 | wb.timeout",
                "Failed: The build exceeded its maximum duration       | build   | timeout                 | wb.timeout",
                "Failed: something nobody foresaw                      | build   | unknown                 |",
            })
    void anyFailedLineEndsTheBuildAtThatLine(
            String endLine, String stage, String category, String signature) throws Exception {
        LineTagger tagger = new LineTagger(CATALOG);
        String[] log = {
            "Initializing build environment...",
            "Success: Finished initializing build environment",
            "Cloning repository...",
            "Success: Finished cloning repository files",
            "Installing project dependencies: npm clean-install --progress=false",
            "added 54 packages in 7s",
            "Executing user build command: npm run build",
            "> site@1.0.0 build",
            endLine.strip(),
        };
        try (var harness =
                RocksDbHarness.open(
                        new KeyedProcessOperator<>(
                                new BuildVerdictFunction(
                                        CATALOG, TestCatalogs.RANKER, GraphOptions.streaming())),
                        (BuildSignal s) -> s.buildId,
                        Types.STRING,
                        null)) {
            for (int i = 0; i < log.length; i++) {
                TaggedLine t = tagger.tag(new LogLine("b", i + 1, null, log[i]));
                if (!t.isInteresting()) {
                    t.context = log[i]; // as the live job's tagging sends a plain line
                }
                harness.processElement(BuildSignal.of(t), (i + 1) * 1000L);
            }
            // Decided when event time passes the end line and its short confirmation: no build
            // event, no 25-minute inactivity wait.
            harness.processWatermark(
                    log.length * 1000L + GraphOptions.DEFAULT_END_LINE_CONFIRMATION.toMillis());
            List<BuildVerdict> verdicts = harness.extractOutputValues();
            assertThat(verdicts).hasSize(1);
            BuildVerdict v = verdicts.get(0);
            assertThat(v.outcome).isEqualTo(BuildVerdict.FAILURE);
            assertThat(v.decidedBy).isEqualTo("log");
            assertThat(v.stage).isEqualTo(stage);
            if (signature != null) {
                // The platform's own failure: a signature names it, whatever the words.
                assertThat(v.signature).isEqualTo(signature.strip());
                assertThat(v.category).isEqualTo(category);
                assertThat(v.fault)
                        .isEqualTo("wb.timeout".equals(signature.strip()) ? "unknown" : "platform");
            } else {
                // Nothing names the cause; the words still say which step failed.
                assertThat(v.category).isEqualTo("unknown");
            }
            assertThat(v.evidence).as("a failed build always has evidence").isNotEmpty();
        }
    }
}
