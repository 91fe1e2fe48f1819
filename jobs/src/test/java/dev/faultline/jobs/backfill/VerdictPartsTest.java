package dev.faultline.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merging the verdict sink's part files gives the bytes of the parts in order and the summary one
 * pass over all verdicts would give.
 */
class VerdictPartsTest {
    @TempDir Path dir;

    private static BuildVerdict verdict(int i) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "build-" + i;
        v.lines = 10 + i;
        v.decidedBy = "log";
        switch (i % 4) {
            case 0:
                v.outcome = BuildVerdict.SUCCESS;
                break;
            case 1:
                v.outcome = BuildVerdict.FAILURE;
                v.category = "dependency_installation";
                v.fault = "platform";
                v.signature = "npm.network-code";
                v.retry = true;
                v.evidence = new Evidence[] {new Evidence(3, "npm ERR! code ECONNRESET")};
                break;
            case 2:
                v.outcome = BuildVerdict.FAILURE;
                v.category = "unknown";
                v.fault = "unknown";
                v.retry = false;
                // Two shapes of unknown line, so the masked groups and their first examples count.
                v.evidence =
                        new Evidence[] {
                            new Evidence(7, "fatal: step " + (i % 3) + " died at 0x" + i),
                            new Evidence(8, "more context")
                        };
                break;
            default:
                v.outcome = BuildVerdict.CANCELED;
        }
        return v;
    }

    @Test
    void mergesPartsInOrderAndSummarizesThemAsOnePass() throws IOException {
        BackfillSummary onePass = new BackfillSummary();
        List<Path> parts = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        int n = 0;
        for (int part = 0; part < 3; part++) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < 5 + part * 3; k++) {
                BuildVerdict v = verdict(n++);
                onePass.add(v);
                text.append(Json.toJson(v)).append('\n');
            }
            expected.append(text);
            Path file = dir.resolve("verdicts-" + part + ".jsonl");
            // The last part lacks its final newline, as a writer cut short at its end could.
            String written = part == 2 ? text.substring(0, text.length() - 1) : text.toString();
            Files.writeString(file, written, StandardCharsets.UTF_8);
            parts.add(file);
        }
        Path empty = Files.writeString(dir.resolve("verdicts-3.jsonl"), "");
        parts.add(empty);

        Path target = dir.resolve("verdicts.jsonl");
        BackfillSummary merged = VerdictParts.mergeAndSummarize(parts, target);

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(merged.toJson(1.0)).isEqualTo(onePass.toJson(1.0));
        assertThat(merged.toTable(1.0)).isEqualTo(onePass.toTable(1.0));
        assertThat(merged.builds).isEqualTo(n);
        assertThat(merged.topUnknownLines()).isNotEmpty();
    }

    @Test
    void aVerdictFileThatIsNotJsonIsAnError() throws IOException {
        Path part = Files.writeString(dir.resolve("verdicts-0.jsonl"), "[1, 2]\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> VerdictParts.mergeAndSummarize(List.of(part), dir.resolve("v.jsonl")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a verdict");
        assertThat(dir.resolve("v.jsonl")).doesNotExist();
    }
}
