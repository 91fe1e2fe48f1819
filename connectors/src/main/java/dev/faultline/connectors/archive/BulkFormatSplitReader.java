package dev.faultline.connectors.archive;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.FileRecords;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * The fetcher's side of {@link KeptFetcherReader}: reads its splits one after another with a {@link
 * BulkFormat}, a batch per fetch, and reports a split finished when its reader has no more batches.
 * A split with a position (restored from a checkpoint) is resumed there.
 */
final class BulkFormatSplitReader<T> implements SplitReader<RecordAndPosition<T>, FileSourceSplit> {
    private final Configuration config;
    private final BulkFormat<T, FileSourceSplit> format;
    private final Queue<FileSourceSplit> splits = new ArrayDeque<>();

    private BulkFormat.Reader<T> current;
    private String currentSplitId;

    BulkFormatSplitReader(Configuration config, BulkFormat<T, FileSourceSplit> format) {
        this.config = config;
        this.format = format;
    }

    @Override
    public RecordsWithSplitIds<RecordAndPosition<T>> fetch() throws IOException {
        if (current == null) {
            FileSourceSplit next = splits.poll();
            if (next == null) {
                // The fetcher only fetches while it holds a split.
                throw new IOException("no split left to fetch from");
            }
            currentSplitId = next.splitId();
            current =
                    next.getReaderPosition().isPresent()
                            ? format.restoreReader(config, next)
                            : format.createReader(config, next);
        }
        BulkFormat.RecordIterator<T> batch = current.readBatch();
        if (batch != null) {
            return FileRecords.forRecords(currentSplitId, batch);
        }
        current.close();
        current = null;
        String finished = currentSplitId;
        currentSplitId = null;
        return FileRecords.finishedSplit(finished);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<FileSourceSplit> change) {
        splits.addAll(change.splits());
    }

    @Override
    public void wakeUp() {
        // A fetch reads local files and never blocks for long: nothing to interrupt.
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
