package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.jobs.backfill.BackfillSummary;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One backfill over an archive full of bad input: every bad file becomes a counted dead letter, and
 * the good build beside them still gets its verdict.
 */
class ArchiveBadInputITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir static Path dir;
    static BackfillSummary summary;
    static Map<String, Map<String, Object>> verdicts;
    static List<Map<String, Object>> deadLetters;

    @BeforeAll
    static void runBackfillOverBadArchive() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(
                archive.resolve("good.log"),
                "2025-05-29T13:00:01.000Z\tInitializing build environment...\n"
                        + "2025-05-29T13:00:02.000Z\tExecuting user build command: npm run build\n"
                        + "2025-05-29T13:00:03.000Z\tsrc/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
                        + "2025-05-29T13:00:04.000Z\tFailed: error occurred while running build command\n");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(archive.resolve("binary.log"), noise);
        Files.writeString(
                archive.resolve("huge-line.log"),
                "2025-05-29T13:00:01.000Z\tExecuting user build command: npm run build\n"
                        + "x".repeat(10 * 1024 * 1024)
                        + "\n"
                        + "2025-05-29T13:00:04.000Z\tFailed: error occurred while running build command\n");
        Files.write(archive.resolve("empty.log"), new byte[0]);
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            log.append("2025-05-29T13:00:01.000Z\tremote: Counting objects: ")
                    .append(i * 7919 % 10007)
                    .append('\n');
        }
        byte[] gz = gzip(log.toString());
        Files.write(archive.resolve("truncated.log.gz"), Arrays.copyOf(gz, gz.length / 2));
        Files.writeString(archive.resolve("not-gzip.log.gz"), "plain text in a .gz name\n");
        Files.writeString(archive.resolve(".log"), "a log whose name gives no build id\n");
        Files.writeString(archive.resolve("notes.txt"), "not part of an archive\n");
        Files.writeString(
                archive.resolve("builds.events.jsonl"),
                "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{\"buildUuid\":\"good\",\"buildOutcome\":\"failure\"},\"source\":{\"workerName\":\"w\"}}\n"
                        + "this is not json\n"
                        + "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{}}\n"
                        + "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{\"buildUuid\":42}}\n");

        Path out = dir.resolve("out");
        summary =
                BackfillJob.run(
                        archive.toString(),
                        out,
                        CatalogLoader.loadDefault(),
                        2,
                        new Configuration());
        verdicts =
                Files.readAllLines(out.resolve("verdicts.jsonl")).stream()
                        .map(ArchiveBadInputITCase::json)
                        .collect(Collectors.toMap(m -> (String) m.get("buildId"), m -> m));
        deadLetters =
                Files.readAllLines(out.resolve("dead-letters.jsonl")).stream()
                        .map(ArchiveBadInputITCase::json)
                        .collect(Collectors.toList());
    }

    @Test
    void goodBuildIsJudgedDespiteItsBadNeighbours() {
        Map<String, Object> good = verdicts.get("good");
        assertThat(good)
                .containsEntry("outcome", "failure")
                .containsEntry("category", "build_command");
        assertThat(good.get("workerName")).isEqualTo("w");
    }

    @Test
    void everyBadInputIsADeadLetterWithItsReason() {
        assertThat(summary.deadLetters)
                .containsEntry("binary-file", 1L)
                .containsEntry("line-too-long", 1L)
                .containsEntry("empty-log", 1L)
                .containsEntry("corrupt-file", 2L)
                .containsEntry("unrecognized-file", 1L) // notes.txt
                .containsEntry("invalid-json", 2L) // not JSON; a number where the build ID belongs
                .containsEntry(
                        "missing-build-id", 2L); // a file named ".log"; an event without a build
        assertThat(deadLetters)
                .allSatisfy(d -> assertThat(d.get("source")).asString().isNotBlank());
        assertThat(deadLetters)
                .filteredOn(d -> "invalid-json".equals(d.get("reason")))
                .allSatisfy(d -> assertThat(d.get("originalBase64")).isNotNull());
    }

    @Test
    void hugeLineIsCutButTheBuildStillGetsItsVerdict() {
        Map<String, Object> huge = verdicts.get("huge-line");
        assertThat(huge).containsEntry("outcome", "failure");
        assertThat(((Number) huge.get("lines")).longValue()).isEqualTo(3);
    }

    @Test
    void truncatedGzipKeepsTheLinesReadBeforeTheBreak() {
        Map<String, Object> truncated = verdicts.get("truncated");
        assertThat(truncated).isNotNull();
        assertThat(((Number) truncated.get("lines")).longValue()).isBetween(1L, 1999L);
        assertThat(verdicts).doesNotContainKeys("binary", "empty", "not-gzip");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) {
        try {
            return Json.mapper().readValue(line, Map.class);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
