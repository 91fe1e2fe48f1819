package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.connectors.archive.ArchiveLimits;
import dev.faultline.connectors.archive.HostileFiles;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.jobs.backfill.BackfillSummary;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One backfill over an archive with hostile entries (links out of it, a FIFO, a gzip bomb, a log
 * over the line cap, an unlistable directory): it completes, the good builds get their verdicts,
 * and each hostile entry is a counted dead letter with its reason. Then the outputs: written by
 * rename, and an {@code out/parts} link refused without touching what it points to.
 */
class ArchiveHostileInputITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    private static final String CANARY = "LEAK-CANARY-4f1d9c";
    private static final String FAILED_LOG =
            "2025-05-29T13:00:01.000Z\tInitializing build environment...\n"
                    + "2025-05-29T13:00:02.000Z\tExecuting user build command: npm run build\n"
                    + "2025-05-29T13:00:03.000Z\tsrc/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
                    + "2025-05-29T13:00:04.000Z\tFailed: error occurred while running build command\n";
    private static final long MAX_BYTES = 1024 * 1024;
    private static final long MAX_LINES = 1000;

    @TempDir static Path dir;
    static Path out;
    static Path locked;
    static boolean lockedIsUnlistable;
    static Path oldVerdicts;
    static BackfillSummary summary;
    static Map<String, Map<String, Object>> verdicts;
    static List<Map<String, Object>> deadLetters;

    @BeforeAll
    static void runBackfillOverHostileArchive() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.log"), FAILED_LOG + CANARY + "\n");
        Files.writeString(outside.resolve("other.log"), CANARY + "\n");

        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good-1.log"), FAILED_LOG);
        Files.writeString(archive.resolve("good-2.log"), FAILED_LOG);
        Files.createSymbolicLink(archive.resolve("escape.log"), secret);
        Files.createSymbolicLink(archive.resolve("linked"), outside);
        HostileFiles.fifo(archive.resolve("pipe.log"));
        // 8 MiB of 4 KiB lines in a few KB; the cap is 1 MiB, i.e. 256 lines.
        Files.write(archive.resolve("bomb.log.gz"), HostileFiles.gzipBomb(2048, 4095));
        Files.writeString(
                archive.resolve("long.log"),
                "2025-05-29T13:00:01.000Z\tremote: Counting objects: 42\n".repeat(5000));
        locked = Files.createDirectories(archive.resolve("locked"));
        Files.writeString(locked.resolve("hidden.log"), FAILED_LOG);
        lockedIsUnlistable = HostileFiles.makeUnlistable(locked);

        out = Files.createDirectories(dir.resolve("out"));
        // A previous run's output and a second name for it: a rename leaves the old file whole.
        Path previous = Files.writeString(out.resolve("verdicts.jsonl"), "previous run\n");
        oldVerdicts = Files.createLink(dir.resolve("previous-verdicts"), previous);

        Configuration flags = new Configuration();
        flags.set(ArchiveLimits.MAX_FILE_BYTES, new MemorySize(MAX_BYTES));
        flags.set(ArchiveLimits.MAX_FILE_LINES, MAX_LINES);
        summary =
                BackfillJob.run(
                        archive.toString(),
                        out,
                        CatalogLoader.loadDefault(),
                        2,
                        new Configuration(),
                        GraphOptions.backfill(),
                        flags);
        verdicts =
                Files.readAllLines(out.resolve("verdicts.jsonl")).stream()
                        .map(ArchiveHostileInputITCase::json)
                        .collect(Collectors.toMap(m -> (String) m.get("buildId"), m -> m));
        deadLetters =
                Files.readAllLines(out.resolve("dead-letters.jsonl")).stream()
                        .map(ArchiveHostileInputITCase::json)
                        .collect(Collectors.toList());
    }

    @AfterAll
    static void unlock() throws IOException {
        // Or @TempDir cannot clean up inside it.
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void goodBuildsAreJudgedAsUsual() {
        // The capped logs get verdicts from their first lines; the hidden one only if it could be
        // listed (as root).
        List<String> expected =
                new java.util.ArrayList<>(List.of("good-1", "good-2", "bomb", "long"));
        if (!lockedIsUnlistable) {
            expected.add("hidden");
        }
        assertThat(verdicts).containsOnlyKeys(expected);
        for (String id : List.of("good-1", "good-2")) {
            assertThat(verdicts.get(id))
                    .containsEntry("outcome", "failure")
                    .containsEntry("category", "build_command")
                    .containsEntry("lines", 4);
        }
    }

    @Test
    void linksAreCountedDeadLettersAndNothingBehindThemIsRead() throws IOException {
        assertThat(summary.deadLetters).containsEntry("symlink", 2L); // escape.log, linked/
        assertThat(deadLetters)
                .filteredOn(d -> "symlink".equals(d.get("reason")))
                .extracting(d -> Path.of((String) d.get("source")).getFileName().toString())
                .containsExactlyInAnyOrder("escape.log", "linked");
        assertThat(verdicts).doesNotContainKeys("escape", "secret", "other");
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(CANARY);
            }
        }
    }

    @Test
    void fifoIsACountedDeadLetterAndDoesNotBlock() {
        // The backfill got here at all: reading the FIFO would have blocked it forever.
        assertThat(summary.deadLetters).containsEntry("special-file", 1L);
        assertThat(deadLetters)
                .filteredOn(d -> "special-file".equals(d.get("reason")))
                .singleElement()
                .satisfies(d -> assertThat(d.get("buildId")).isEqualTo("pipe"));
        assertThat(verdicts).doesNotContainKey("pipe");
    }

    @Test
    void gzipBombIsCutAtTheByteCapAndItsFirstLinesCount() {
        assertThat(summary.deadLetters).containsEntry("file-too-large", 1L);
        assertThat(verdicts.get("bomb")).containsEntry("lines", 256);
        assertThat((String) verdicts.get("bomb").get("summary")).contains("log incomplete");
    }

    @Test
    void logOverTheLineCapKeepsItsFirstLines() {
        assertThat(summary.deadLetters).containsEntry("too-many-lines", 1L);
        assertThat(verdicts.get("long")).containsEntry("lines", (int) MAX_LINES);
        assertThat(deadLetters)
                .filteredOn(d -> "too-many-lines".equals(d.get("reason")))
                .singleElement()
                .satisfies(d -> assertThat(d.get("position")).isEqualTo("1000"));
    }

    @Test
    void unlistableDirectoryIsACountedDeadLetter() {
        // Root lists any directory whatever its mode: this case needs a non-root user (the
        // reading of such a directory's split is also covered in LogBatchEnumeratorHostileTest).
        // Under root, run this class as another user with JUnit's launcher, e.g. setpriv
        // --reuid=65534 java -cp <the test class path> (a copy readable by that user).
        assumeTrue(lockedIsUnlistable, "mode 000 does not stop root listing");
        assertThat(summary.deadLetters).containsEntry("unlistable-directory", 1L);
        assertThat(verdicts).doesNotContainKey("hidden");
    }

    @Test
    void outputsAreRenamedIntoPlaceWhole() throws IOException {
        // Written in place, the previous file would now hold the new verdicts.
        assertThat(oldVerdicts).hasContent("previous run");
        assertThat((long) verdicts.size()).isEqualTo(summary.builds);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "verdicts.jsonl",
                            "dead-letters.jsonl",
                            "alerts.jsonl",
                            "summary.json",
                            "report.html",
                            "summary.txt");
        }
        assertThat(Files.readString(out.resolve("summary.json"))).endsWith("}\n");
    }

    @Test
    void linkedPartsDirectoryIsRefusedAndItsTargetKept() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path canary = Files.writeString(elsewhere.resolve("verdicts-0.jsonl"), "keep me\n");
        Path out2 = Files.createDirectories(dir.resolve("out2"));
        Files.createSymbolicLink(out2.resolve("parts"), elsewhere);
        Path archive = Files.createDirectories(dir.resolve("archive2"));
        Files.writeString(archive.resolve("good.log"), FAILED_LOG);

        assertThatThrownBy(
                        () ->
                                BackfillJob.run(
                                        archive.toString(),
                                        out2,
                                        CatalogLoader.loadDefault(),
                                        1,
                                        new Configuration()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("parts is a symbolic link");

        assertThat(canary).hasContent("keep me");
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).containsExactly(canary);
        }
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
