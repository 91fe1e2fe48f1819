package dev.faultline.connectors.archive;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for a backfill: the order in which a reader reads records, not the logs' wall-clock
 * timestamps. Archived builds come in any time order, so wall-clock watermarks would make most of
 * them "late"; a per-reader counter is monotonic by construction, and the graph only needs event
 * time to know that everything before a log's end has passed every operator.
 *
 * <p>Records from build-event files get times below {@link #LOG_PHASE}, records from logs at or
 * above it. Event files are handed out before any log ({@link EventsFirstSplitAssigner}), so the
 * watermark cannot pass the end of any log, on any reader, before every event file has been read:
 * every build's events are in its state when its verdict is decided, whatever the parallelism.
 */
public final class ReadOrderClock implements TimestampAssigner<ArchiveRecord> {
    static final long LOG_PHASE = 1L << 50;

    private long next;

    @Override
    public long extractTimestamp(ArchiveRecord element, long recordTimestamp) {
        // A chunk of n lines takes n ticks and carries the last one; line i of it is at time - (n -
        // 1 - i).
        next += element.ticks();
        return element.fromEventsFile ? next : LOG_PHASE + next;
    }

    public static WatermarkStrategy<ArchiveRecord> watermarks() {
        return WatermarkStrategy.<ArchiveRecord>forMonotonousTimestamps()
                .withTimestampAssigner(ctx -> new ReadOrderClock());
    }
}
