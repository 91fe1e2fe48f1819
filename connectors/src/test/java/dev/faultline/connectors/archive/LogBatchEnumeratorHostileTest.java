package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing an archive with links and unlistable directories in it. */
class LogBatchEnumeratorHostileTest {
    @TempDir Path dir;
    private Path locked;

    @AfterEach
    void unlock() throws IOException {
        if (locked != null) {
            // Or @TempDir cannot delete what is inside.
            Files.setPosixFilePermissions(
                    locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void linkedDirectoryIsNotDescendedInto() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("other.log"), "LEAK-CANARY\n");
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good.log"), "fine\n");
        Files.createSymbolicLink(archive.resolve("linked"), outside);
        // A loop would never end if links were followed.
        Files.createSymbolicLink(archive.resolve("loop"), archive);

        List<FileSourceSplit> splits = enumerate(archive);

        assertThat(paths(splits)).noneMatch(p -> p.contains("outside"));
        assertThat(paths(splits))
                .contains(archive.resolve("linked").toString(), archive.resolve("loop").toString());
        // Each link is one split of its own, which its reader refuses.
        assertThat(reasonsOf(splitOf(splits, "linked"))).containsExactly("symlink");
        assertThat(reasonsOf(splitOf(splits, "loop"))).containsExactly("symlink");
    }

    @Test
    void linkedRootIsResolvedOnce() throws IOException {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good.log"), "fine\n");
        Path latest = Files.createSymbolicLink(dir.resolve("latest"), archive);

        List<FileSourceSplit> splits = enumerate(latest);

        assertThat(splits).hasSize(1);
        assertThat(splits.get(0).path().toUri().getPath())
                .isEqualTo(archive.toRealPath().toString());
        assertThat(records(splits.get(0)).stream().filter(r -> r.chunk != null)).hasSize(1);
    }

    @Test
    void unlistableDirectoryBecomesADeadLetterAndTheRestIsListed() throws IOException {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good.log"), "fine\n");
        locked = Files.createDirectories(archive.resolve("locked"));
        Files.writeString(locked.resolve("hidden.log"), "unseen\n");
        // Root lists any directory whatever its mode: then this case cannot be made real here.
        assumeTrue(HostileFiles.makeUnlistable(locked), "mode 000 does not stop root listing");

        List<FileSourceSplit> splits = enumerate(archive);

        FileSourceSplit split = splitOf(splits, "locked");
        assertThat(split.length()).isZero();
        assertThat(reasonsOf(split)).containsExactly("unlistable-directory");
        // The archive's own logs: one batch, read as usual.
        List<FileSourceSplit> rest = new ArrayList<>(splits);
        rest.remove(split);
        assertThat(rest).hasSize(1);
        assertThat(records(rest.get(0)))
                .singleElement()
                .satisfies(r -> assertThat(r.chunk.buildId).isEqualTo("good"));
    }

    @Test
    void directorySplitOfNoFilesIsReadAsUnlistable() throws IOException {
        // What the enumerator hands out for a directory it could not list (see the test above,
        // which needs a non-root user): read the same way whatever the directory holds now.
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good.log"), "fine\n");
        FileSourceSplit split =
                new FileSourceSplit(
                        "0", new org.apache.flink.core.fs.Path(archive.toUri()), 0, 0, 0, 0);

        List<ArchiveRecord> records = records(split);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).dead.reason).isEqualTo("unlistable-directory");
        assertThat(records.get(0).dead.source).contains("archive");
    }

    @Test
    void namesWithAColonAreReadNotTakenForAScheme() throws IOException {
        // Flink's Path reads "x:y.log" as scheme "x": such a name once failed the whole backfill.
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("x:y.log"), "fine\n");
        Files.writeString(archive.resolve("notes:1.txt"), "not a log\n");
        Path sub = Files.createDirectories(archive.resolve("d:1"));
        Files.writeString(sub.resolve("b:1.log"), "fine\n");

        List<ArchiveRecord> records = new ArrayList<>();
        for (FileSourceSplit split : enumerate(archive)) {
            records.addAll(records(split));
        }

        assertThat(records.stream().filter(r -> r.chunk != null).map(r -> r.chunk.buildId))
                .containsExactlyInAnyOrder("x:y", "b:1");
        assertThat(records.stream().filter(r -> r.dead != null))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.dead.reason).isEqualTo("unrecognized-file");
                            assertThat(r.dead.source)
                                    .endsWith(archive.resolve("notes:1.txt").toString());
                        });
    }

    private static List<FileSourceSplit> enumerate(Path root) throws IOException {
        Collection<FileSourceSplit> splits =
                new LogBatchEnumerator()
                        .enumerateSplits(
                                new org.apache.flink.core.fs.Path[] {
                                    new org.apache.flink.core.fs.Path(root.toUri())
                                },
                                1);
        return new ArrayList<>(splits);
    }

    private static List<String> paths(List<FileSourceSplit> splits) {
        return splits.stream().map(s -> s.path().toUri().getPath()).collect(Collectors.toList());
    }

    private static FileSourceSplit splitOf(List<FileSourceSplit> splits, String name) {
        return splits.stream()
                .filter(s -> s.path().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no split for " + name + ": " + splits));
    }

    private static List<ArchiveRecord> records(FileSourceSplit split) throws IOException {
        List<ArchiveRecord> out = new ArrayList<>();
        try (BulkFormat.Reader<ArchiveRecord> reader =
                new ArchiveFormat().createReader(new Configuration(), split)) {
            for (BulkFormat.RecordIterator<ArchiveRecord> batch = reader.readBatch();
                    batch != null;
                    batch = reader.readBatch()) {
                for (var r = batch.next(); r != null; r = batch.next()) {
                    out.add(r.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private static List<String> reasonsOf(FileSourceSplit split) throws IOException {
        return records(split).stream()
                .filter(r -> r.dead != null)
                .map(r -> r.dead.reason)
                .collect(Collectors.toList());
    }
}
