package dev.faultline.connectors.archive;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;

/**
 * Reads one split, a single file or a batch of logs, file after file, in batches of records. The
 * position is the number of records emitted from the split, so a restored reader skips exactly
 * those.
 */
final class ArchiveSplitReader implements BulkFormat.Reader<ArchiveRecord> {
    /** Lines (or other records) per batch handed to the source: a chunk of 256 lines weighs 256. */
    private static final int BATCH = 1024;

    private final List<SplitFile> files;
    private final ArchiveLimits limits;

    /** One read buffer for all files of this split, read one after another. */
    private final byte[] readBuffer = new byte[64 * 1024];

    private int next;
    private ArchiveFileReader current;
    private long toSkip;
    private long emitted;

    /** Lines read since the last batch, for {@link ReadProgress}. */
    private long linesRead;

    ArchiveSplitReader(List<SplitFile> files, long recordsToSkip, ArchiveLimits limits) {
        this.files = files;
        this.limits = limits;
        this.toSkip = recordsToSkip;
    }

    @Override
    public BulkFormat.RecordIterator<ArchiveRecord> readBatch() {
        List<ArchiveRecord> batch = new ArrayList<>(64);
        int weight = 0;
        while (weight < BATCH) {
            ArchiveRecord r = nextRecord();
            if (r == null) {
                break;
            }
            weight += r.ticks();
            if (toSkip > 0) {
                toSkip--;
                emitted++;
            } else {
                batch.add(r);
            }
        }
        ReadProgress.lines(linesRead);
        linesRead = 0;
        if (batch.isEmpty()) {
            return null;
        }
        long before = emitted;
        emitted += batch.size();
        return new IteratorResultIterator<>(
                batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
    }

    private ArchiveRecord nextRecord() {
        while (true) {
            if (current == null) {
                if (next >= files.size()) {
                    return null;
                }
                current = new ArchiveFileReader(files.get(next++), readBuffer, limits);
            }
            ArchiveRecord r = current.nextRecord();
            if (r != null) {
                if (r.chunk != null) {
                    linesRead += r.chunk.lines.length;
                }
                return r;
            }
            current.close();
            current = null;
            ReadProgress.fileDone();
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
