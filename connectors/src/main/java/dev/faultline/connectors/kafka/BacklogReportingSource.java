package dev.faultline.connectors.kafka;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that tells Flink whether it is working through a backlog, so that checkpoints can be far
 * apart while it catches up ({@code execution.checkpointing.interval-during-backlog}) and close
 * together once it reads live records (verdicts become visible only at checkpoints). Everything
 * else is the wrapped source's: readers, splits, the enumerator's state and its serializers, so
 * wrapping changes nothing in a savepoint.
 *
 * <p>The enumerator asks a {@link Lag} every {@code period} how many records the job has yet to
 * read, and reports a backlog while that is above {@code threshold}. The lag Kafka knows is
 * measured from the consumer group's committed offsets, which move only when a checkpoint
 * completes, and while a backlog waits those are far apart: on its own it would report the backlog
 * for up to a checkpoint interval after the job has read it all, and the last verdicts would wait
 * that long. So each reader ({@link ReadCountingReader}) tells the enumerator how many records it
 * has read since the last completed checkpoint, and the enumerator subtracts those.
 */
public final class BacklogReportingSource<T, S extends SourceSplit, E>
        implements Source<T, S, E>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BacklogReportingSource.class);

    /**
     * How often a reader reports what it has read: a reader that stops right after a report has
     * read less than this much time's worth unreported (100,000 records at 500,000 a second).
     */
    static final Duration READ_PROGRESS_INTERVAL = Duration.ofMillis(200);

    /** How many records are waiting to be read; opened in the enumerator, never on a reader. */
    public interface Lag extends Serializable, AutoCloseable {
        long records() throws Exception;

        @Override
        void close();
    }

    private final Source<T, S, E> inner;
    private final TypeInformation<T> type;
    private final Lag lag;
    private final long threshold;
    private final Duration period;

    public BacklogReportingSource(
            Source<T, S, E> inner,
            TypeInformation<T> type,
            Lag lag,
            long threshold,
            Duration period) {
        this.inner = inner;
        this.type = type;
        this.lag = lag;
        this.threshold = threshold;
        this.period = period;
    }

    @Override
    public Boundedness getBoundedness() {
        return inner.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        return new ReadCountingReader<>(
                inner.createReader(context), context, READ_PROGRESS_INTERVAL.toMillis());
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
            throws Exception {
        return new Reporting<>(inner.createEnumerator(context), context, this);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
            throws Exception {
        return new Reporting<>(inner.restoreEnumerator(context, checkpoint), context, this);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return inner.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return inner.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /** The wrapped enumerator, plus the periodic lag check. */
    static final class Reporting<S extends SourceSplit, E> implements SplitEnumerator<S, E> {
        private final SplitEnumerator<S, E> inner;
        private final SplitEnumeratorContext<S> context;
        private final BacklogReportingSource<?, S, E> source;

        /** Per reader subtask, the records it has read since the last completed checkpoint. */
        private final Map<Integer, Long> readSinceCheckpoint = new HashMap<>();

        private Boolean backlog;

        Reporting(
                SplitEnumerator<S, E> inner,
                SplitEnumeratorContext<S> context,
                BacklogReportingSource<?, S, E> source) {
            this.inner = inner;
            this.context = context;
            this.source = source;
        }

        @Override
        public void start() {
            inner.start();
            long every = source.period.toMillis();
            context.callAsync(source.lag::records, this::report, 0, every);
        }

        /** Runs in the coordinator thread, where the backlog status may be set. */
        void report(Long records, Throwable failure) {
            if (failure != null) {
                // Not knowing is not a backlog: checkpoints stay at the live interval.
                LOG.warn("could not read the consumer lag; assuming no backlog", failure);
                records = 0L;
            }
            long read = 0;
            for (long r : readSinceCheckpoint.values()) {
                read += r;
            }
            records = Math.max(0, records - read);
            boolean now = records > source.threshold;
            if (backlog == null || backlog != now) {
                LOG.info(
                        "{} records to read: {}",
                        records,
                        now ? "catching up on a backlog" : "reading live records");
                backlog = now;
                context.setIsProcessingBacklog(now);
            }
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            inner.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(List<S> splits, int subtaskId) {
            inner.addSplitsBack(splits, subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            // A reader (re)starts from the last completed checkpoint: nothing read since, yet.
            readSinceCheckpoint.remove(subtaskId);
            inner.addReader(subtaskId);
        }

        @Override
        public E snapshotState(long checkpointId) throws Exception {
            return inner.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            inner.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
            if (sourceEvent instanceof ReadProgress progress) {
                readSinceCheckpoint.put(subtaskId, progress.readSinceCompletedCheckpoint());
                return;
            }
            inner.handleSourceEvent(subtaskId, sourceEvent);
        }

        @Override
        public void close() throws IOException {
            try {
                inner.close();
            } finally {
                source.lag.close();
            }
        }
    }
}
