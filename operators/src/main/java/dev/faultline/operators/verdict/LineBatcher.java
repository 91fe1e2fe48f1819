package dev.faultline.operators.verdict;

import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.TaggedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Packs consecutive tagged lines of one build into one {@link BuildSignal}, before the key-by, so the
 * verdict operator reads and writes a build's RocksDB state once per batch instead of once per line
 * (and one record, not dozens, crosses the network per build).
 *
 * <p>A batch is emitted when the next line belongs to another build, when it holds {@code maxLines},
 * and always before a watermark, a change to idle, a checkpoint barrier and the end of input: nothing
 * is ever held behind a watermark or outside a checkpoint, so the operator needs no state. Each line
 * keeps its own event time ({@link TaggedLine#eventTime}); the batch carries the latest. With
 * {@code maxLines = 1} every line goes out at once (the live job, where a partition interleaves builds
 * and a held line would only add latency).
 */
public final class LineBatcher extends AbstractStreamOperator<BuildSignal>
        implements OneInputStreamOperator<TaggedLine, BuildSignal>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Lines per batch where logs are read whole (backfill): a typical build fits in one. */
    public static final int BACKFILL_BATCH = 256;

    private final int maxLines;
    private transient List<TaggedLine> pending;
    private transient String pendingBuild;
    private transient long latest;
    private transient boolean timed;

    public LineBatcher(int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be at least 1, got " + maxLines);
        }
        this.maxLines = maxLines;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new ArrayList<>(Math.min(maxLines, 64));
    }

    @Override
    public void processElement(StreamRecord<TaggedLine> record) {
        TaggedLine line = record.getValue();
        if (!pending.isEmpty() && !Objects.equals(pendingBuild, line.buildId)) {
            flush();
        }
        line.eventTime = record.hasTimestamp() ? record.getTimestamp() : TaggedLine.NO_TIME;
        if (record.hasTimestamp()) {
            latest = timed ? Math.max(latest, record.getTimestamp()) : record.getTimestamp();
            timed = true;
        }
        pendingBuild = line.buildId;
        pending.add(line);
        if (pending.size() >= maxLines) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        flush();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        BuildSignal signal = BuildSignal.of(pending.toArray(new TaggedLine[0]));
        if (timed) {
            output.collect(new StreamRecord<>(signal, latest));
        } else {
            output.collect(new StreamRecord<>(signal));
        }
        pending.clear();
        pendingBuild = null;
        timed = false;
    }
}
