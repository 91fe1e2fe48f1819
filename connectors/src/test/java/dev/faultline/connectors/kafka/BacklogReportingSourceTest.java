package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.mocks.MockSource;
import org.apache.flink.api.connector.source.mocks.MockSourceSplit;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class BacklogReportingSourceTest {

    /** A lag that answers from a script; an exception stands for an unreachable broker. */
    static final class ScriptedLag implements BacklogReportingSource.Lag {
        private static final long serialVersionUID = 1L;
        final Deque<Object> answers = new ArrayDeque<>();
        boolean closed;

        @Override
        public long records() throws Exception {
            Object next = answers.removeFirst();
            if (next instanceof Exception) {
                throw (Exception) next;
            }
            return (Long) next;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Records what the enumerator told the coordinator. */
    static final class RecordingContext extends MockSplitEnumeratorContext<MockSourceSplit> {
        final List<Boolean> reported = new ArrayList<>();

        RecordingContext() {
            super(2);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            reported.add(isProcessingBacklog);
        }
    }

    /** A source over a mock one, with a backlog threshold of 100,000 records. */
    private static BacklogReportingSource<Integer, MockSourceSplit, Set<MockSourceSplit>> source(
            ScriptedLag lag, Duration period) {
        return new BacklogReportingSource<>(
                new MockSource(Boundedness.CONTINUOUS_UNBOUNDED, 2),
                Types.INT,
                lag,
                100_000,
                period);
    }

    @Test
    void reportsABacklogWhileTheLagIsAboveTheThresholdAndOnlyWhenThatChanges() throws Throwable {
        ScriptedLag lag = new ScriptedLag();
        lag.answers.addAll(List.of(500_000L, 300_000L, 100L, 50L, 200_000L));
        BacklogReportingSource<Integer, MockSourceSplit, Set<MockSourceSplit>> source =
                source(lag, Duration.ofSeconds(5));
        try (RecordingContext context = new RecordingContext()) {
            SplitEnumerator<MockSourceSplit, Set<MockSourceSplit>> enumerator =
                    source.createEnumerator(context);
            enumerator.start();
            for (int i = 0; i < 5; i++) {
                context.runPeriodicCallable(context.getPeriodicCallables().size() - 1);
            }
            assertThat(context.reported).containsExactly(true, false, true);
            enumerator.close();
            assertThat(lag.closed).isTrue();
        }
    }

    @Test
    void aLagThatCannotBeReadIsNoBacklog() throws Throwable {
        ScriptedLag lag = new ScriptedLag();
        lag.answers.add(new IllegalStateException("broker unreachable"));
        BacklogReportingSource<Integer, MockSourceSplit, Set<MockSourceSplit>> source =
                source(lag, Duration.ofSeconds(5));
        try (RecordingContext context = new RecordingContext()) {
            SplitEnumerator<MockSourceSplit, Set<MockSourceSplit>> enumerator =
                    source.createEnumerator(context);
            enumerator.start();
            context.runPeriodicCallable(context.getPeriodicCallables().size() - 1);
            assertThat(context.reported).containsExactly(false);
            enumerator.close();
        }
    }

    @Test
    void subtractsWhatTheReadersReadSinceTheLastCompletedCheckpoint() throws Throwable {
        ScriptedLag lag = new ScriptedLag();
        // The committed offsets stand still between checkpoints: the lag Kafka shows stays put.
        lag.answers.addAll(List.of(500_000L, 500_000L, 500_000L, 500_000L));
        BacklogReportingSource<Integer, MockSourceSplit, Set<MockSourceSplit>> source =
                source(lag, Duration.ofSeconds(1));
        try (RecordingContext context = new RecordingContext()) {
            SplitEnumerator<MockSourceSplit, Set<MockSourceSplit>> enumerator =
                    source.createEnumerator(context);
            enumerator.start();
            int probe = context.getPeriodicCallables().size() - 1;
            context.runPeriodicCallable(probe);
            enumerator.handleSourceEvent(0, new ReadProgress(250_000));
            enumerator.handleSourceEvent(1, new ReadProgress(240_000));
            // 10,000 left: the backlog is read.
            context.runPeriodicCallable(probe);
            // Reader 1 restarts from the last checkpoint: what it read since is to read again.
            context.registerReader(ReaderInfo.createReaderInfo(1, "localhost", List.of()));
            enumerator.addReader(1);
            context.runPeriodicCallable(probe);
            // Its progress since is what counts.
            enumerator.handleSourceEvent(1, new ReadProgress(245_000));
            context.runPeriodicCallable(probe);
            assertThat(context.reported).containsExactly(true, false, true, false);
            enumerator.close();
        }
    }
}
