package dev.faultline.operators;

import dev.faultline.schemas.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real CI logs for tests: the sample archive in the repository, and the LogChunks dev set (real
 * Travis logs) when {@code ../shared} is beside the clone.
 */
public final class TestLogs {
    public static final Path SAMPLE = Path.of("..", "testdata", "sample-archive");
    public static final Path LOGCHUNKS = Path.of("..", "..", "shared", "datasets", "logchunks-dev");

    private TestLogs() {}

    /** The sample archive's logs, then LogChunks-dev's when it is there. */
    public static List<Path> sampleAndLogChunks() throws IOException {
        List<Path> logs = new ArrayList<>(files(SAMPLE));
        if (Files.isDirectory(LOGCHUNKS)) {
            logs.addAll(files(LOGCHUNKS));
        }
        return logs;
    }

    /** The {@code .log} and {@code .log.gz} files of {@code dir}, by name. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.log(\\.gz)?"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * A log's lines, numbered from 1, build ID from the file name; a line that starts with the
     * platform's 24-character timestamp and a tab has them split off. Empty lines after the first
     * are skipped.
     */
    public static List<LogLine> lines(Path log) throws IOException {
        String name = log.getFileName().toString();
        String buildId = name.substring(0, name.indexOf(".log"));
        String text;
        try (InputStream in = Files.newInputStream(log);
                InputStream body = name.endsWith(".gz") ? new GZIPInputStream(in) : in) {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<LogLine> lines = new ArrayList<>();
        long seq = 0;
        for (String raw : text.split("\n", -1)) {
            if (raw.isEmpty() && seq > 0) {
                continue;
            }
            int tab = raw.indexOf('\t');
            boolean stamped = tab == 24 && raw.startsWith("20");
            lines.add(
                    new LogLine(
                            buildId,
                            ++seq,
                            stamped ? raw.substring(0, tab) : null,
                            stamped ? raw.substring(tab + 1) : raw));
        }
        return lines;
    }
}
