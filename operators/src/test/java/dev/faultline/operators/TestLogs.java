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
 * Real CI logs for tests: those in the repository (the sample archive, the dialect logs, the tool
 * logs, all made with real tools; see {@code testdata/README.md}), and a LogChunks-style data set
 * of real Travis logs when the property {@code faultline.logchunks} names one ({@code
 * -Dfaultline.logchunks=DIR} on the test command; tests never look for it anywhere else).
 */
public final class TestLogs {
    public static final Path SAMPLE = Path.of("..", "testdata", "sample-archive");
    public static final Path DIALECTS = Path.of("..", "testdata", "dialects");
    public static final Path TOOL_LOGS = Path.of("..", "testdata", "tool-logs");

    private TestLogs() {}

    /** The repository's real logs, then the LogChunks-style data set's when one is given. */
    public static List<Path> realLogs() throws IOException {
        List<Path> logs = new ArrayList<>(files(SAMPLE));
        logs.addAll(files(DIALECTS));
        logs.addAll(files(TOOL_LOGS));
        logChunks().ifPresent(dir -> logs.addAll(uncheckedFiles(dir)));
        return logs;
    }

    /** The data set {@code -Dfaultline.logchunks=DIR} names, if any. */
    public static java.util.Optional<Path> logChunks() {
        String dir = System.getProperty("faultline.logchunks", "");
        if (dir.isBlank()) {
            return java.util.Optional.empty();
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(
                    "-Dfaultline.logchunks=" + dir + " is not a directory");
        }
        return java.util.Optional.of(path);
    }

    private static List<Path> uncheckedFiles(Path dir) {
        try {
            return files(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
