package dev.faultline.connectors.archive;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded {@link FileSource} with a reader of our own ({@link KeptFetcherReader}): the file
 * source's enumerator, split assigner, splits and serializers are used as they are, so its state
 * and savepoints are the file source's; only how a subtask fetches its splits differs.
 *
 * <p>Why: Flink's file source reader shuts its fetcher thread down whenever the thread has no split
 * (between finishing one split and receiving the next), and starts a new one for the next split. In
 * Flink 2.2 such a shutdown can get stuck (FLINK-40660: the stopping fetcher's hand-over batch is
 * dropped when the element queue is full, and the fetcher then waits for it for good), and the
 * reader's close at the end of the input waits 30 s for it. Reading an archive of 20,000 small logs
 * into discarding sinks, half of the jobs took 30 s longer than the rest.
 */
public final class ArchiveFileSource<T>
        implements Source<T, FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>,
                ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final FileSource<T> files;
    private final BulkFormat<T, FileSourceSplit> format;

    /** {@code files} must have been built with {@code format}. */
    public ArchiveFileSource(FileSource<T> files, BulkFormat<T, FileSourceSplit> format) {
        if (files.getBoundedness() != Boundedness.BOUNDED) {
            // A continuously enumerating source may wait long between splits: there a fetcher
            // should stop rather than idle.
            throw new IllegalArgumentException("only a bounded file source keeps its fetchers");
        }
        this.files = files;
        this.format = format;
    }

    @Override
    public Boundedness getBoundedness() {
        return files.getBoundedness();
    }

    @Override
    public SourceReader<T, FileSourceSplit> createReader(SourceReaderContext context) {
        return new KeptFetcherReader<>(context, format);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
            createEnumerator(SplitEnumeratorContext<FileSourceSplit> context) {
        return files.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
            restoreEnumerator(
                    SplitEnumeratorContext<FileSourceSplit> context,
                    PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        return files.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return files.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>>
            getEnumeratorCheckpointSerializer() {
        return files.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return files.getProducedType();
    }
}
