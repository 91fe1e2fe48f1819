package dev.faultline.connectors.archive;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Resolves a batch split (a directory and a range of its sorted log files) to paths. The listing
 * (names only) is cached per directory for the life of the task manager, so a directory of a
 * million logs is listed once, not once per batch. Archives are expected not to change while a
 * backfill reads them. An entry is taken for a log by its name alone; a directory named like one is
 * read as a file and reported as unreadable.
 */
final class LogBatches {
    private static final Map<String, String[]> LISTINGS = new ConcurrentHashMap<>();

    private LogBatches() {}

    /** A log with a build ID; a file named just {@code .log} is read on its own (and reported). */
    static boolean isLog(String name) {
        return ArchiveFiles.buildId(name) != null;
    }

    /**
     * The names of {@code dir}'s entries in order. On a local file system they come from one
     * directory read: Flink's {@code listStatus} stats every entry (size, time, type) and parses a
     * URI for each, which for a million-file archive kept one core busy for seconds before the
     * first split went out, and again on every reader. Other file systems list as usual.
     */
    static String[] sortedNames(FileSystem fs, Path dir) throws IOException {
        String[] names;
        if ("file".equals(fs.getUri().getScheme())) {
            names = new File(dir.toUri().getPath()).list();
            if (names == null) {
                throw new IOException("cannot list directory " + dir);
            }
        } else {
            FileStatus[] children = fs.listStatus(dir);
            names = new String[children == null ? 0 : children.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = children[i].getPath().getName();
            }
        }
        Arrays.sort(names);
        return names;
    }

    /**
     * The log files {@code [first, first + count)} of {@code dir} in name order: entries whose
     * names are logs' (see {@link #isLog}), as {@link LogBatchEnumerator} counted them.
     */
    static List<SplitFile> resolve(Path dir, long first, long count) throws IOException {
        String[] logs = LISTINGS.computeIfAbsent(dir.toString(), k -> list(dir));
        List<SplitFile> out = new ArrayList<>((int) count);
        SplitFile.Directory files = SplitFile.in(dir);
        for (long i = first; i < Math.min(logs.length, first + count); i++) {
            out.add(files.file(logs[(int) i]));
        }
        return out;
    }

    private static String[] list(Path dir) {
        try {
            return Arrays.stream(sortedNames(dir.getFileSystem(), dir))
                    .filter(LogBatches::isLog)
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }
}
