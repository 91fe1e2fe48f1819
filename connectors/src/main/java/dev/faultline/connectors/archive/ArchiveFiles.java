package dev.faultline.connectors.archive;

import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads an archive outside Flink (for replaying it into Kafka), with the same file conventions and
 * line rules as the backfill's {@link ArchiveFormat}. Files it cannot read are skipped and listed.
 * Only regular files are taken, links not followed (see {@link ArchiveEntries}).
 */
public final class ArchiveFiles {
    private ArchiveFiles() {}

    /** Every {@code <buildId>.log[.gz]} under {@code dir}, in path order. */
    public static List<Path> logs(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(ArchiveFiles::isRegularFile)
                    .filter(p -> buildId(p) != null)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Every {@code *.events.jsonl} under {@code dir}, in path order. */
    public static List<Path> eventFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(ArchiveFiles::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(ArchiveFileReader.EVENTS))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** A regular file itself: not a link to one, nor a FIFO, which would block the reading. */
    private static boolean isRegularFile(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** The build ID a log file's name gives, or null for other files. */
    public static String buildId(Path file) {
        return buildId(file.getFileName().toString());
    }

    /** The build ID of a log file named {@code name} ({@code <buildId>.log[.gz]}), or null. */
    static String buildId(String name) {
        String id =
                name.endsWith(ArchiveFileReader.LOG_GZ)
                        ? name.substring(0, name.length() - ArchiveFileReader.LOG_GZ.length())
                        : name.endsWith(ArchiveFileReader.LOG)
                                ? name.substring(0, name.length() - ArchiveFileReader.LOG.length())
                                : null;
        return id == null || id.isBlank() ? null : id;
    }

    /** A log's lines, numbered from 1, timestamps split off. */
    public static List<LogLine> readLog(Path file) throws IOException {
        String buildId = buildId(file);
        List<LogLine> lines = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                InputStream in =
                        file.getFileName().toString().endsWith(".gz")
                                ? new GZIPInputStream(raw)
                                : raw) {
            LineSplitter splitter = new LineSplitter(in);
            long seq = 0;
            for (String text = splitter.next(); text != null; text = splitter.next()) {
                lines.add(LogLineParser.parse(buildId, ++seq, text));
            }
        }
        return lines;
    }

    /**
     * The events of an events file; lines that are not valid events are skipped (counted by the
     * caller).
     */
    public static List<BuildEvent> readEvents(Path file, List<String> problems) throws IOException {
        List<BuildEvent> events = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(Json.parseBuildEvent(line.getBytes(StandardCharsets.UTF_8)));
            } catch (RecordException e) {
                problems.add(file + ":" + n + ": " + e.reason() + ": " + e.getMessage());
            }
        }
        return events;
    }
}
