package dev.faultline.bench;

import dev.faultline.schemas.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real build logs, loaded once into memory as {@link LogLine}s (one list per log).
 *
 * <ul>
 *   <li>{@code archive}: {@code testdata/sample-archive/*.log[.gz]} (Workers Builds logs with an
 *       {@code ISO8601<TAB>} prefix), looked up from the working directory ({@code testdata/…} or
 *       {@code ../testdata/…}) or {@code -Dfaultline.testdata=DIR}. Required.
 *   <li>{@code logchunks}: the first {@code -Dfaultline.logchunks.mb} (default 4) MB of the {@code
 *       *.log.gz} files of {@code -Dfaultline.logchunks=DIR}, a LogChunks-style data set (real
 *       Travis CI logs, with CRs and ANSI codes). Optional: without it, the archive is used
 *       instead.
 *   <li>{@code generated}: the first {@code -Dfaultline.generated.mb} (default 16) MB of an archive
 *       made by {@code faultline.jar generate} (what the backfill benchmark reads), from {@code
 *       -Dfaultline.generated=DIR} (default {@code /tmp/faultline-bench/builds-100000/archive}).
 *       Optional, like {@code logchunks}.
 * </ul>
 */
public final class Corpus {
    private Corpus() {}

    public static List<List<LogLine>> load(String which) {
        switch (which) {
            case "archive":
                return archive();
            case "logchunks":
                return orArchive(logchunks(), "logchunks data set not found");
            case "generated":
                return orArchive(generated(), "no generated archive found");
            case "mixed":
                {
                    List<List<LogLine>> logs = new ArrayList<>(archive());
                    logs.addAll(logchunks());
                    return logs;
                }
            default:
                throw new IllegalArgumentException("unknown corpus " + which);
        }
    }

    public static List<LogLine> flatten(List<List<LogLine>> logs) {
        List<LogLine> all = new ArrayList<>();
        logs.forEach(all::addAll);
        return all;
    }

    static List<List<LogLine>> archive() {
        Path dir = null;
        String configured = System.getProperty("faultline.testdata");
        for (String candidate :
                configured != null
                        ? new String[] {configured}
                        : new String[] {"testdata/sample-archive", "../testdata/sample-archive"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                dir = Path.of(candidate);
                break;
            }
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "testdata/sample-archive not found from "
                            + Path.of("").toAbsolutePath()
                            + "; run from the repository root or bench/, or pass -Dfaultline.testdata=DIR");
        }
        List<List<LogLine>> logs = new ArrayList<>();
        for (Path file : list(dir, ".log")) {
            logs.add(parse(buildId(file, ".log"), read(file, false, Long.MAX_VALUE)));
        }
        for (Path file : list(dir, ".log.gz")) {
            logs.add(parse(buildId(file, ".log.gz"), read(file, true, Long.MAX_VALUE)));
        }
        return logs;
    }

    /** {@code logs}, or the sample archive (with a word why) when there are none. */
    private static List<List<LogLine>> orArchive(List<List<LogLine>> logs, String why) {
        if (logs.isEmpty()) {
            System.err.println("[bench] " + why + "; using testdata/sample-archive instead");
            return archive();
        }
        return logs;
    }

    static List<List<LogLine>> logchunks() {
        String given = System.getProperty("faultline.logchunks", "");
        if (given.isBlank() || !Files.isDirectory(Path.of(given))) {
            return new ArrayList<>();
        }
        Path dir = Path.of(given);
        return readUpTo(list(dir, ".log.gz"), megabytes("faultline.logchunks.mb", "4"));
    }

    static List<List<LogLine>> generated() {
        Path dir =
                Path.of(
                        System.getProperty(
                                "faultline.generated",
                                "/tmp/faultline-bench/builds-100000/archive"));
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        List<Path> files;
        // The generator shards files into sub-folders; walk them in name order so the sample is
        // stable.
        try (Stream<Path> all = Files.walk(dir)) {
            files =
                    all.filter(
                                    p ->
                                            p.getFileName().toString().endsWith(".log")
                                                    || p.getFileName()
                                                            .toString()
                                                            .endsWith(".log.gz"))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readUpTo(files, megabytes("faultline.generated.mb", "16"));
    }

    private static long megabytes(String property, String defaultMb) {
        return (long) (Double.parseDouble(System.getProperty(property, defaultMb)) * 1024 * 1024);
    }

    /**
     * One log per file ({@code .log} or {@code .log.gz}), in order, until {@code budget} characters
     * are read.
     */
    private static List<List<LogLine>> readUpTo(List<Path> files, long budget) {
        List<List<LogLine>> logs = new ArrayList<>();
        for (Path file : files) {
            if (budget <= 0) {
                break;
            }
            boolean gzip = file.getFileName().toString().endsWith(".gz");
            String text = read(file, gzip, budget);
            budget -= text.length();
            logs.add(parse(buildId(file, gzip ? ".log.gz" : ".log"), text));
        }
        return logs;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String buildId(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    private static String read(Path file, boolean gzip, long maxChars) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? new GZIPInputStream(raw, 65536) : raw) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxChars));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /**
     * Splits on {@code \n} only (a trailing {@code \r} stays), with the archive's optional
     * timestamp prefix.
     */
    private static List<LogLine> parse(String buildId, String text) {
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        long seq = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String raw = text.substring(start, end);
            seq++;
            int tab = raw.indexOf('\t');
            if (tab >= 20 && tab <= 40 && raw.charAt(4) == '-' && raw.charAt(10) == 'T') {
                lines.add(new LogLine(buildId, seq, raw.substring(0, tab), raw.substring(tab + 1)));
            } else {
                lines.add(new LogLine(buildId, seq, null, raw));
            }
            start = end + 1;
        }
        return lines;
    }
}
