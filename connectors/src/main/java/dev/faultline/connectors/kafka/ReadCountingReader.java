package dev.faultline.connectors.kafka;

import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * Wraps a source reader, counts the records it emits, and tells the enumerator ({@link
 * ReadProgress}) how many it has read since the last completed checkpoint: at most every {@code
 * reportEveryMillis}, and at every completed checkpoint. Everything else is the wrapped reader's,
 * so its splits and state are unchanged.
 *
 * <p>A reader that stops reading right after a report leaves the enumerator short by what it read
 * in less than one report interval: the interval is kept short enough for that to stay far below
 * the backlog threshold.
 *
 * <p>A record the wrapped reader turns into several (a line plus a dead letter) counts once per
 * record emitted: the estimate errs by those rare extras only.
 */
final class ReadCountingReader<T, S extends SourceSplit> implements SourceReader<T, S> {
    /**
     * Records between two looks at the clock: one look per record would cost more than the count.
     */
    private static final int CLOCK_CHECK_EVERY = 256;

    private final SourceReader<T, S> inner;
    private final SourceReaderContext context;
    private final long reportEveryNanos;
    private final CountingOutput<T> counting = new CountingOutput<>();

    /** Records read, as of each checkpoint taken and not yet completed. */
    private final TreeMap<Long, Long> readAtCheckpoint = new TreeMap<>();

    private long readAtLastCompleted;
    private long reported = -1;
    private long lastReportNanos;
    private long nextClockCheck = CLOCK_CHECK_EVERY;

    ReadCountingReader(
            SourceReader<T, S> inner, SourceReaderContext context, long reportEveryMillis) {
        this.inner = inner;
        this.context = context;
        this.reportEveryNanos = reportEveryMillis * 1_000_000L;
    }

    @Override
    public void start() {
        inner.start();
        lastReportNanos = System.nanoTime();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        InputStatus status = inner.pollNext(counting.around(output));
        // Whenever the reader runs dry, and every few hundred records while it does not.
        if (status != InputStatus.MORE_AVAILABLE || counting.read() >= nextClockCheck) {
            nextClockCheck = counting.read() + CLOCK_CHECK_EVERY;
            if (System.nanoTime() - lastReportNanos >= reportEveryNanos) {
                reportIfChanged();
            }
        }
        return status;
    }

    private void reportIfChanged() {
        long since = counting.read() - readAtLastCompleted;
        if (since != reported) {
            reported = since;
            lastReportNanos = System.nanoTime();
            context.sendSourceEventToCoordinator(new ReadProgress(since));
        }
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
        readAtCheckpoint.put(checkpointId, counting.read());
        return inner.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        // Counted as committed before the wrapped reader commits the offsets (it does so here):
        // until the commit lands, the enumerator then sees too much lag, never too little.
        Long read = readAtCheckpoint.get(checkpointId);
        if (read != null) {
            readAtLastCompleted = read;
            readAtCheckpoint.headMap(checkpointId, true).clear();
            reportIfChanged();
        }
        inner.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        readAtCheckpoint.remove(checkpointId);
        inner.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return inner.isAvailable();
    }

    @Override
    public void addSplits(List<S> splits) {
        inner.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        inner.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        inner.handleSourceEvents(sourceEvent);
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<String> splitsToPause, Collection<String> splitsToResume) {
        inner.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void close() throws Exception {
        inner.close();
    }

    /** A source output that passes everything on and counts the records into {@code count}. */
    private static class CountingSourceOutput<T> implements SourceOutput<T> {
        SourceOutput<T> out;
        final ReadCount count;

        CountingSourceOutput(SourceOutput<T> out, ReadCount count) {
            this.out = out;
            this.count = count;
        }

        @Override
        public void collect(T record) {
            count.read++;
            out.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            count.read++;
            out.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            out.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            out.markIdle();
        }

        @Override
        public void markActive() {
            out.markActive();
        }
    }

    /** Records emitted so far, through the reader output and every split's output. */
    static final class ReadCount {
        long read;
    }

    /**
     * The reader output, counting its records and those of the per-split outputs it creates (the
     * Kafka reader emits through those).
     */
    static final class CountingOutput<T> extends CountingSourceOutput<T>
            implements ReaderOutput<T> {
        private ReaderOutput<T> reader;

        CountingOutput() {
            super(null, new ReadCount());
        }

        /** Wraps {@code output} (the same object on every call, in practice). */
        CountingOutput<T> around(ReaderOutput<T> output) {
            reader = output;
            out = output;
            return this;
        }

        long read() {
            return count.read;
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            return new CountingSourceOutput<>(reader.createOutputForSplit(splitId), count);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            reader.releaseOutputForSplit(splitId);
        }
    }
}
