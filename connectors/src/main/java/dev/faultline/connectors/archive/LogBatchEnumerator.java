package dev.faultline.connectors.archive;

import java.io.IOException;
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
 */
public final class LogBatchEnumerator implements FileEnumerator {
    static final int BATCH = 256;

    private int splitId;

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            if (status.isDir()) {
                addDirectory(fs, status, splits);
            } else {
                splits.add(single(status));
            }
        }
        return splits;
    }

    private void addDirectory(FileSystem fs, FileStatus dir, List<FileSourceSplit> splits)
            throws IOException {
        // Logs are counted by name, without a stat each (see LogBatches.sortedNames); only the few
        // other entries (sub-directories, events files, strays) are looked at.
        int logs = 0;
        for (String name : LogBatches.sortedNames(fs, dir.getPath())) {
            if (LogBatches.isLog(name)) {
                logs++;
                continue;
            }
            FileStatus child = fs.getFileStatus(new Path(dir.getPath(), name));
            if (child.isDir()) {
                addDirectory(fs, child, splits);
            } else {
                splits.add(single(child));
            }
        }
        for (int first = 0; first < logs; first += BATCH) {
            int count = Math.min(BATCH, logs - first);
            splits.add(
                    new FileSourceSplit(
                            Integer.toString(splitId++),
                            dir.getPath(),
                            first,
                            count,
                            dir.getModificationTime(),
                            count));
        }
    }

    private FileSourceSplit single(FileStatus file) {
        return new FileSourceSplit(
                Integer.toString(splitId++),
                file.getPath(),
                0,
                file.getLen(),
                file.getModificationTime(),
                file.getLen());
    }
}
