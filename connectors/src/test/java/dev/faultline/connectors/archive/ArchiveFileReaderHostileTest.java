package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.faultline.schemas.DeadLetter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on files that are not plain logs: links, FIFOs, gzip bombs, over-long logs. Each
 * becomes a dead letter with its reason, and never blocks or reads without end.
 */
class ArchiveFileReaderHostileTest {
    @TempDir Path dir;

    private static final String LINE = "2025-05-29T13:00:01.000Z\tremote: Counting objects: 42\n";

    @Test
    void symlinkToAFileOutsideIsRefusedUnread() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.log"), "LEAK-CANARY\n");
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path link = Files.createSymbolicLink(archive.resolve("escape.log"), secret);

        List<ArchiveRecord> records = read(link, ArchiveLimits.DEFAULT);

        assertThat(reasons(records)).containsExactly("symlink");
        assertThat(records).allSatisfy(r -> assertThat(r.chunk).isNull());
        assertThat(records).allSatisfy(r -> assertThat(r.end).isNull());
    }

    @Test
    void fifoIsSkippedWithoutBeingOpened() throws Exception {
        // Opening a FIFO for reading blocks until a writer comes: the reader must not open it.
        Path fifo = HostileFiles.fifo(dir.resolve("pipe.log"));

        List<ArchiveRecord> records =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10), () -> read(fifo, ArchiveLimits.DEFAULT));

        assertThat(reasons(records)).containsExactly("special-file");
        assertThat(dead(records).get(0).buildId).isEqualTo("pipe");
    }

    @Test
    void gzipBombStopsAtTheByteCapAndKeepsTheLinesBefore() throws IOException {
        // 8 MiB of 4 KiB lines in a few KB of gzip; the cap is 1 MiB.
        byte[] bomb = HostileFiles.gzipBomb(2048, 4095);
        assertThat(bomb.length).isLessThan(64 * 1024);
        Path file = Files.write(dir.resolve("bomb.log.gz"), bomb);

        List<ArchiveRecord> records = read(file, new ArchiveLimits(1024 * 1024, 1_000_000));

        assertThat(reasons(records)).containsExactly("file-too-large");
        // 256 lines of 4 KiB fill the cap exactly.
        assertThat(lines(records)).isEqualTo(256);
        assertThat(end(records).lines).isEqualTo(256);
        assertThat(end(records).problem).contains("1048576 bytes");
        assertThat(dead(records).get(0).position).isEqualTo("256");
    }

    @Test
    void plainLogOverTheByteCapIsCutToo() throws IOException {
        Path file = Files.writeString(dir.resolve("big.log"), LINE.repeat(100));

        List<ArchiveRecord> records = read(file, new ArchiveLimits(LINE.length() * 10L, 1000));

        assertThat(reasons(records)).containsExactly("file-too-large");
        assertThat(lines(records)).isEqualTo(10);
    }

    @Test
    void logOverTheLineCapKeepsItsFirstLines() throws IOException {
        Path file = Files.writeString(dir.resolve("long.log"), LINE.repeat(5000));

        List<ArchiveRecord> records = read(file, new ArchiveLimits(1 << 30, 1500));

        assertThat(reasons(records)).containsExactly("too-many-lines");
        assertThat(lines(records)).isEqualTo(1500);
        assertThat(end(records).lines).isEqualTo(1500);
        assertThat(dead(records).get(0).position).isEqualTo("1500");
    }

    @Test
    void fileExactlyAtTheCapsIsWhole() throws IOException {
        Path file = Files.writeString(dir.resolve("exact.log"), LINE.repeat(20));

        List<ArchiveRecord> records = read(file, new ArchiveLimits(LINE.length() * 20L, 20));

        assertThat(reasons(records)).isEmpty();
        assertThat(lines(records)).isEqualTo(20);
        assertThat(end(records).problem).isNull();
    }

    @Test
    void eventsFileOverTheLineCapIsCut() throws IOException {
        String event =
                "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{\"buildUuid\":\"b\",\"buildOutcome\":\"failure\"}}\n";
        Path file = Files.writeString(dir.resolve("builds.events.jsonl"), event.repeat(5));

        List<ArchiveRecord> records = read(file, new ArchiveLimits(1 << 30, 3));

        assertThat(records.stream().filter(r -> r.event != null).count()).isEqualTo(3);
        assertThat(reasons(records)).containsExactly("too-many-lines");
    }

    @Test
    void defaultsAreOneGibibyteAndTenMillionLines() {
        assertThat(ArchiveLimits.DEFAULT.maxBytes).isEqualTo(1L << 30);
        assertThat(ArchiveLimits.DEFAULT.maxLines).isEqualTo(10_000_000L);
    }

    static List<ArchiveRecord> read(Path file, ArchiveLimits limits) {
        List<ArchiveRecord> records = new ArrayList<>();
        try (ArchiveFileReader reader =
                new ArchiveFileReader(
                        new org.apache.flink.core.fs.Path(file.toUri()),
                        new byte[64 * 1024],
                        limits)) {
            for (ArchiveRecord r = reader.nextRecord(); r != null; r = reader.nextRecord()) {
                records.add(r);
            }
        }
        return records;
    }

    static List<DeadLetter> dead(List<ArchiveRecord> records) {
        return records.stream()
                .filter(r -> r.dead != null)
                .map(r -> r.dead)
                .collect(Collectors.toList());
    }

    static List<String> reasons(List<ArchiveRecord> records) {
        return dead(records).stream().map(d -> d.reason).collect(Collectors.toList());
    }

    private static long lines(List<ArchiveRecord> records) {
        return records.stream()
                .filter(r -> r.chunk != null)
                .mapToLong(r -> r.chunk.lines.length)
                .sum();
    }

    private static dev.faultline.operators.model.LogEnd end(List<ArchiveRecord> records) {
        return records.stream()
                .map(r -> r.chunk != null && r.chunk.end != null ? r.chunk.end : r.end)
                .filter(e -> e != null)
                .findFirst()
                .orElseThrow();
    }
}
