package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.model.LogEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's files on the local file system are named by joined strings and opened with java.io
 * directly; read that way, every entry gives the same records, dead letters word for word, as read
 * through a Flink {@code Path} and its FileSystem.
 */
class SplitFileTest {
    @TempDir Path dir;

    private static final String LINE = "2025-05-29T13:00:01.000Z\tremote: Counting objects: 42\n";

    @Test
    void namesAreFlinkPathsNames() {
        String[] names = {
            "b1.log", "a b.log", "a%20b.log", "a#b?.log", "ä.log", "a\\b.log", "x\ty.log", ".log"
        };
        for (String root : new String[] {dir.toString(), dir.toUri().toString(), "/"}) {
            org.apache.flink.core.fs.Path flinkDir = new org.apache.flink.core.fs.Path(root);
            SplitFile.Directory files = SplitFile.in(flinkDir);
            for (String name : names) {
                org.apache.flink.core.fs.Path flinkPath =
                        new org.apache.flink.core.fs.Path(flinkDir, name);
                assertThat(files.file(name).source).isEqualTo(flinkPath.toString());
                assertThat(files.file(name).name).isEqualTo(flinkPath.getName());
            }
        }
    }

    @Test
    void hostileEntriesReadTheSameEitherWay() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("good.log"), LINE.repeat(3));
        Files.writeString(archive.resolve("spaced name.log"), LINE);
        Files.writeString(archive.resolve("empty.log"), "");
        Files.write(archive.resolve("binary.log"), new byte[] {1, 2, 0, 3, 4, '\n'});
        Files.write(archive.resolve("notgzip.log.gz"), LINE.getBytes());
        Files.writeString(archive.resolve("long.log"), LINE.repeat(10));
        Files.writeString(archive.resolve("at-byte-cap.log"), LINE.repeat(2));
        Files.createDirectories(archive.resolve("dir.log"));
        Path secret = Files.writeString(dir.resolve("secret.log"), "LEAK-CANARY\n");
        Files.createSymbolicLink(archive.resolve("escape.log"), secret);
        HostileFiles.fifo(archive.resolve("pipe.log"));

        org.apache.flink.core.fs.Path flinkDir =
                new org.apache.flink.core.fs.Path(archive.toString());
        String[] names = archive.toFile().list();
        Arrays.sort(names);
        assertThat(SplitFile.in(flinkDir).file("spaced name.log").opensDirectly()).isTrue();
        // A line cap, and a byte cap that at-byte-cap.log meets exactly and longer logs pass.
        for (ArchiveLimits limits :
                List.of(new ArchiveLimits(1 << 20, 5), new ArchiveLimits(2 * LINE.length(), 100))) {
            for (String name : names) {
                List<String> fast = read(SplitFile.in(flinkDir).file(name), limits);
                List<String> flink =
                        read(
                                SplitFile.of(new org.apache.flink.core.fs.Path(flinkDir, name)),
                                limits);
                assertThat(fast).as(name + " " + limits.maxBytes).isEqualTo(flink).isNotEmpty();
            }
        }
    }

    /** Every record of the file as text: dead letters whole, lines, and the log's end. */
    private static List<String> read(SplitFile file, ArchiveLimits limits) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArchiveFileReader reader = new ArchiveFileReader(file, new byte[64 * 1024], limits)) {
            for (ArchiveRecord r = reader.nextRecord(); r != null; r = reader.nextRecord()) {
                if (r.dead != null) {
                    out.add("dead " + r.dead + " build " + r.dead.buildId);
                }
                if (r.chunk != null) {
                    out.add("chunk " + Arrays.toString(r.chunk.lines));
                }
                LogEnd end = r.chunk != null ? r.chunk.end : r.end;
                if (end != null) {
                    out.add(
                            "end "
                                    + end.buildId
                                    + " "
                                    + end.lines
                                    + " "
                                    + end.problem
                                    + " "
                                    + end.lastTimestamp);
                }
            }
        }
        return out;
    }
}
