package dev.faultline.connectors.archive;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitState;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * Reads file splits like Flink's file source reader (asks for a split when it starts and whenever
 * it finishes one; a split's position is what its records carry), but its fetcher thread, once
 * started, runs until the enumerator has said there are no more splits: between two splits it waits
 * for the next instead of stopping. See {@link ArchiveFileSource} for why. At the end the fetcher
 * is stopped as Flink's reader stops it, when it is idle and everything it fetched has been taken
 * from the queue, so its hand-over cannot meet a full queue.
 *
 * <p>(Asking for a second split at start, to hold one in reserve, made a backfill of 100,000 short
 * builds slower, 12.4-14.4 s against 10.6-11.7 s, and took 150-300 MB more memory.)
 */
final class KeptFetcherReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                RecordAndPosition<T>, T, FileSourceSplit, FileSourceSplitState<FileSourceSplit>> {

    private final KeepingFetcherManager<T> fetchers;

    KeptFetcherReader(SourceReaderContext context, BulkFormat<T, FileSourceSplit> format) {
        this(
                new KeepingFetcherManager<>(
                        () -> new BulkFormatSplitReader<>(context.getConfiguration(), format),
                        context),
                context);
    }

    private KeptFetcherReader(KeepingFetcherManager<T> fetchers, SourceReaderContext context) {
        super(fetchers, new PositionTrackingEmitter<>(), context.getConfiguration(), context);
        this.fetchers = fetchers;
    }

    @Override
    public void start() {
        // Restored with splits, the reader has work already.
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        fetchers.noMoreSplits = true;
        super.notifyNoMoreSplits();
    }

    @Override
    protected void onSplitFinished(
            Map<String, FileSourceSplitState<FileSourceSplit>> finishedSplitIds) {
        context.sendSplitRequest();
    }

    @Override
    protected FileSourceSplitState<FileSourceSplit> initializedState(FileSourceSplit split) {
        return new FileSourceSplitState<>(split);
    }

    @Override
    protected FileSourceSplit toSplitType(
            String splitId, FileSourceSplitState<FileSourceSplit> splitState) {
        return splitState.toFileSourceSplit();
    }

    /** Stops idle fetchers only once no split can come any more. */
    static final class KeepingFetcherManager<T>
            extends SingleThreadFetcherManager<RecordAndPosition<T>, FileSourceSplit> {
        /** Set and read by the reader's (the task's) thread only. */
        boolean noMoreSplits;

        KeepingFetcherManager(
                Supplier<SplitReader<RecordAndPosition<T>, FileSourceSplit>> splitReaders,
                SourceReaderContext context) {
            super(splitReaders, context.getConfiguration());
        }

        @Override
        public boolean maybeShutdownFinishedFetchers() {
            return noMoreSplits && super.maybeShutdownFinishedFetchers();
        }
    }

    /** Emits a record and moves its split's position past it. */
    static final class PositionTrackingEmitter<T>
            implements RecordEmitter<
                    RecordAndPosition<T>, T, FileSourceSplitState<FileSourceSplit>> {
        @Override
        public void emitRecord(
                RecordAndPosition<T> record,
                SourceOutput<T> output,
                FileSourceSplitState<FileSourceSplit> split) {
            output.collect(record.getRecord());
            split.setPosition(record.getOffset(), record.getRecordSkipCount());
        }
    }
}
