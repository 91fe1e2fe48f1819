package dev.faultline.connectors.archive;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Enumerates an archive into splits of up to {@link #BATCH} log files each. Build logs are small,
 * and a file source hands out one split per request round trip: one file per split spent most of a
 * 100,000-build backfill waiting on that handshake. A batch split names a directory and a range of
 * its sorted log files ({@code offset} = first index, {@code length} = count); {@link LogBatches}
 * resolves it again on the reader. Every other file (build events, anything unrecognized) is a
 * split of its own, so events are still handed out first.
 *
 * <p>Entries are looked at without following links ({@link ArchiveEntries}): a linked directory is
 * not descended into but handed out as a single file, which its reader refuses. A directory that
 * cannot be listed becomes a batch split of no files (a real batch has at least one), which {@link
 * ArchiveFormat} reads as one {@code unlistable-directory} dead letter; the rest of the archive is
 * still read.
 */
public final class LogBatchEnumerator implements FileEnumerator {
    static final int BATCH = 256;

    private int splitId;

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path given : paths) {
            // The root the operator named may be a link; below it, none is followed.
            Path path = ArchiveEntries.realRoot(given);
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            if (status.isDir()) {
                addDirectory(fs, path, status.getModificationTime(), splits);
            } else {
                splits.add(single(path, status.getLen(), status.getModificationTime()));
            }
        }
        return splits;
    }

    private void addDirectory(FileSystem fs, Path dir, long modified, List<FileSourceSplit> splits)
            throws IOException {
        String[] names;
        try {
            names = LogBatches.sortedNames(fs, dir);
        } catch (IOException e) {
            splits.add(new FileSourceSplit(Integer.toString(splitId++), dir, 0, 0, modified, 0));
            return;
        }
        // Logs are counted by name, without a stat each (see LogBatches.sortedNames); only the few
        // other entries (sub-directories, events files, strays) are looked at.
        int logs = 0;
        for (String name : names) {
            if (LogBatches.isLog(name)) {
                logs++;
                continue;
            }
            Path child = ArchiveEntries.child(dir, name);
            if (ArchiveEntries.isLocal(child)) {
                BasicFileAttributes a = ArchiveEntries.lstat(child);
                if (a != null && a.isDirectory()) {
                    addDirectory(fs, child, a.lastModifiedTime().toMillis(), splits);
                } else {
                    // A file, a link or a special file; one that vanished meanwhile is reported
                    // as unreadable by its reader.
                    splits.add(
                            a == null
                                    ? single(child, 0, modified)
                                    : single(child, a.size(), a.lastModifiedTime().toMillis()));
                }
                continue;
            }
            FileStatus status = fs.getFileStatus(child);
            if (status.isDir()) {
                addDirectory(fs, child, status.getModificationTime(), splits);
            } else {
                splits.add(single(child, status.getLen(), status.getModificationTime()));
            }
        }
        for (int first = 0; first < logs; first += BATCH) {
            int count = Math.min(BATCH, logs - first);
            splits.add(
                    new FileSourceSplit(
                            Integer.toString(splitId++), dir, first, count, modified, count));
        }
    }

    /** Whether a directory's split stands for one that could not be listed (see above). */
    static boolean unlistable(FileSourceSplit split) {
        return split.length() == 0;
    }

    private FileSourceSplit single(Path file, long length, long modified) {
        return new FileSourceSplit(Integer.toString(splitId++), file, 0, length, modified, length);
    }
}
