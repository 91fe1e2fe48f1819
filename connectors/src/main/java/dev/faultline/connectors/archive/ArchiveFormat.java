package dev.faultline.connectors.archive;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * Reads an archive of build logs for Flink's {@link
 * org.apache.flink.connector.file.src.FileSource}: {@code <buildId>.log} and {@code
 * <buildId>.log.gz} files become log lines plus one end-of-log marker, {@code *.events.jsonl} files
 * become build events, anything else a dead letter.
 *
 * <p>A bulk format (rather than a stream format) so that this class, not the source, opens and
 * decompresses each file: a corrupt or truncated gzip then becomes a dead letter for that file
 * instead of failing the whole job.
 */
public class ArchiveFormat implements BulkFormat<ArchiveRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    static final TypeInformation<ArchiveRecord> TYPE = TypeInformation.of(ArchiveRecord.class);

    private final ArchiveLimits limits;

    public ArchiveFormat() {
        this(ArchiveLimits.DEFAULT);
    }

    public ArchiveFormat(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public Reader<ArchiveRecord> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return reader(split, 0);
    }

    @Override
    public Reader<ArchiveRecord> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return reader(split, skip);
    }

    /**
     * A split is one file, or a batch of a directory's logs ({@link LogBatchEnumerator}), or a
     * directory that could not be listed. A link is never taken for the directory it points to.
     */
    private Reader<ArchiveRecord> reader(FileSourceSplit split, long skip) throws IOException {
        org.apache.flink.core.fs.Path path = split.path();
        if (!ArchiveEntries.isDirectory(path)) {
            return new ArchiveSplitReader(java.util.List.of(SplitFile.of(path)), skip, limits);
        }
        if (LogBatchEnumerator.unlistable(split)) {
            return new UnlistableDirectoryReader(path, skip);
        }
        try {
            return new ArchiveSplitReader(
                    LogBatches.resolve(path, split.offset(), split.length()), skip, limits);
        } catch (IOException | java.io.UncheckedIOException e) {
            // Listed by the enumerator, but no longer listable here.
            return new UnlistableDirectoryReader(path, skip);
        }
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ArchiveRecord> getProducedType() {
        return TYPE;
    }
}
