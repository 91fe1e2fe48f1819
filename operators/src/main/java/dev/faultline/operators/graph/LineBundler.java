package dev.faultline.operators.graph;

import dev.faultline.operators.FlushingOperator;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers a live stream's lines into chunks of one build's consecutive lines, before tagging and
 * the key-by, so that a live line costs what a backfill line costs: one per-build state read and
 * write per chunk, not per line. A chunk goes out when it holds {@link #MAX_LINES} lines, {@link
 * #MAX_DELAY_MS} after its first line (processing time), and always before a watermark and before a
 * checkpoint barrier: the verdict operator sees every line before the watermark that passes it, and
 * nothing is held in a checkpoint (so nothing here needs state).
 *
 * <p>A build's lines keep their order (one build's lines come through one source subtask, in
 * order); lines of different builds may leave in another order than they came, which nothing
 * downstream depends on. Each line keeps its own event time in the chunk.
 */
public final class LineBundler extends FlushingOperator<LogLine, LineChunk> {
    private static final long serialVersionUID = 1L;

    /** Lines per chunk at most: a build's state is read and written once per chunk. */
    static final int MAX_LINES = 256;

    /**
     * How long a line may wait for more of its build (processing time), when no watermark comes.
     */
    static final long MAX_DELAY_MS = 100;

    private transient Map<String, Bundle> open;
    private transient boolean flushScheduled;

    private static final class Bundle {
        final List<LogLine> lines = new ArrayList<>(8);
        long[] times = new long[8];

        void add(LogLine line, long time) {
            if (lines.size() == times.length) {
                times = java.util.Arrays.copyOf(times, times.length * 2);
            }
            times[lines.size()] = time;
            lines.add(line);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<LogLine> record) {
        LogLine line = record.getValue();
        long time = record.hasTimestamp() ? record.getTimestamp() : TaggedLine.NO_TIME;
        Bundle b = open.computeIfAbsent(line.buildId, k -> new Bundle());
        b.add(line, time);
        if (b.lines.size() >= MAX_LINES) {
            open.remove(line.buildId);
            emit(line.buildId, b);
        } else if (!flushScheduled) {
            flushScheduled = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + MAX_DELAY_MS, t -> flush());
        }
    }

    @Override
    protected void flush() {
        flushScheduled = false;
        for (Iterator<Map.Entry<String, Bundle>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Bundle> e = it.next();
            it.remove();
            emit(e.getKey(), e.getValue());
        }
    }

    private void emit(String buildId, Bundle b) {
        int n = b.lines.size();
        LineChunk chunk =
                new LineChunk(
                        buildId,
                        b.lines.toArray(new LogLine[0]),
                        java.util.Arrays.copyOf(b.times, n));
        long latest = TaggedLine.NO_TIME;
        for (int i = 0; i < n; i++) {
            latest = Math.max(latest, b.times[i]);
        }
        output.collect(
                latest == TaggedLine.NO_TIME
                        ? new StreamRecord<>(chunk)
                        : new StreamRecord<>(chunk, latest));
    }
}
