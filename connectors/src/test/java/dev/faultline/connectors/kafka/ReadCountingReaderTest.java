package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.mocks.MockSourceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class ReadCountingReaderTest {

    /** Emits the given number of records per poll, half through a split's output like Kafka's. */
    static final class ScriptedReader implements SourceReader<Integer, MockSourceSplit> {
        final List<Integer> perPoll = new ArrayList<>();
        final List<Long> completed = new ArrayList<>();
        private SourceOutput<Integer> split;

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<Integer> output) {
            if (split == null) {
                split = output.createOutputForSplit("0");
            }
            int n = perPoll.remove(0);
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    split.collect(i);
                } else {
                    output.collect(i, 0L);
                }
            }
            return perPoll.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<MockSourceSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<MockSourceSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed.add(checkpointId);
        }

        @Override
        public void close() {}
    }

    /** Keeps what the reader sent to the coordinator. */
    static final class RecordingReaderContext implements SourceReaderContext {
        final List<SourceEvent> sent = new ArrayList<>();

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
            sent.add(sourceEvent);
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }

        List<Long> progress() {
            return sent.stream()
                    .map(e -> ((ReadProgress) e).readSinceCompletedCheckpoint())
                    .toList();
        }
    }

    /** Swallows what the reader emits. */
    static final class DiscardingOutput implements ReaderOutput<Integer> {
        @Override
        public void collect(Integer record) {}

        @Override
        public void collect(Integer record, long timestamp) {}

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<Integer> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    @Test
    void reportsWhatItReadSinceTheLastCompletedCheckpoint() throws Exception {
        ScriptedReader inner = new ScriptedReader();
        inner.perPoll.addAll(List.of(300, 200, 100));
        RecordingReaderContext context = new RecordingReaderContext();
        // Interval 0: every look at the clock may report, so the test sees each report.
        ReadCountingReader<Integer, MockSourceSplit> reader =
                new ReadCountingReader<>(inner, context, 0);
        reader.start();
        DiscardingOutput out = new DiscardingOutput();

        // 300 records pass the 256-record clock check: reported.
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(context.progress()).containsExactly(300L);
        reader.snapshotState(1);
        // 500 read: below the next clock check (556), so no report yet.
        reader.pollNext(out);
        assertThat(context.progress()).containsExactly(300L);
        // Checkpoint 1 (taken at 300) completes: 200 read since.
        reader.notifyCheckpointComplete(1);
        assertThat(context.progress()).containsExactly(300L, 200L);
        assertThat(inner.completed).containsExactly(1L);
        // The reader runs dry at 600: reported at once.
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(context.progress()).containsExactly(300L, 200L, 300L);
    }

    @Test
    void aCheckpointItNeverSawChangesNothing() throws Exception {
        ScriptedReader inner = new ScriptedReader();
        inner.perPoll.add(10);
        RecordingReaderContext context = new RecordingReaderContext();
        ReadCountingReader<Integer, MockSourceSplit> reader =
                new ReadCountingReader<>(inner, context, 0);
        reader.start();
        reader.pollNext(new DiscardingOutput());
        reader.snapshotState(3);
        reader.notifyCheckpointAborted(3);
        reader.notifyCheckpointComplete(3);
        assertThat(context.progress()).containsExactly(10L);
        assertThat(inner.completed).containsExactly(3L);
    }

    @Test
    void reportsAtMostOncePerInterval() throws Exception {
        ScriptedReader inner = new ScriptedReader();
        inner.perPoll.addAll(List.of(300, 300, 300, 1));
        RecordingReaderContext context = new RecordingReaderContext();
        ReadCountingReader<Integer, MockSourceSplit> reader =
                new ReadCountingReader<>(inner, context, 60_000);
        reader.start();
        DiscardingOutput out = new DiscardingOutput();
        for (int i = 0; i < 4; i++) {
            reader.pollNext(out);
        }
        // An hour-long interval: nothing reported between checkpoints, however much was read.
        assertThat(context.sent).isEmpty();
        reader.snapshotState(1);
        reader.notifyCheckpointComplete(1);
        assertThat(context.progress()).containsExactly(0L);
    }
}
