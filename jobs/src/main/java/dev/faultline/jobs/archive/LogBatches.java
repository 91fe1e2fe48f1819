package dev.faultline.jobs.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Resolves a batch split (a directory and a range of its sorted log files) to paths. The listing is
 * cached per directory for the life of the task manager, so a directory of a million logs is listed
 * once, not once per batch. Archives are expected not to change while a backfill reads them.
 */
final class LogBatches {
    private static final Map<String, Path[]> LISTINGS = new ConcurrentHashMap<>();

    private LogBatches() {}

    /** A log with a build ID; a file named just {@code .log} is read on its own (and reported). */
    static boolean isLog(String name) {
        return ArchiveFiles.buildId(name) != null;
    }

    /** A directory entry with its name, taken from the path once. */
    record Named(String name, FileStatus status) {}

    /**
     * {@code entries} in name order. Each name is taken once: {@code Path.getName()} works on the URI
     * string, and calling it in the comparator cost a million-file archive seconds of CPU per listing.
     */
    static List<Named> sortedByName(FileStatus[] entries) {
        List<Named> named = new ArrayList<>(entries.length);
        for (FileStatus status : entries) {
            named.add(new Named(status.getPath().getName(), status));
        }
        named.sort(Comparator.comparing(Named::name));
        return named;
    }

    /** The log files {@code [first, first + count)} of {@code dir} in name order. */
    static List<Path> resolve(Path dir, long first, long count) throws IOException {
        Path[] logs = LISTINGS.computeIfAbsent(dir.toString(), k -> list(dir));
        List<Path> out = new ArrayList<>((int) count);
        for (long i = first; i < Math.min(logs.length, first + count); i++) {
            out.add(logs[(int) i]);
        }
        return out;
    }

    private static Path[] list(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem();
            FileStatus[] children = fs.listStatus(dir);
            return sortedByName(children == null ? new FileStatus[0] : children).stream()
                    .filter(n -> !n.status().isDir() && isLog(n.name()))
                    .map(n -> n.status().getPath())
                    .toArray(Path[]::new);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }
}
