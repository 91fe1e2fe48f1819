package dev.faultline.jobs.archive;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for a backfill: the order in which a reader reads records, not the logs' wall-clock
 * timestamps. Archived builds come in any time order, so wall-clock watermarks would make most of them
 * "late"; a per-reader counter is monotonic by construction, and the graph only needs event time to
 * know that everything before a log's end has passed every operator.
 */
public final class ReadOrderClock implements TimestampAssigner<ArchiveRecord> {
    private long next;

    @Override
    public long extractTimestamp(ArchiveRecord element, long recordTimestamp) {
        return ++next;
    }

    public static WatermarkStrategy<ArchiveRecord> watermarks() {
        return WatermarkStrategy.<ArchiveRecord>forMonotonousTimestamps()
                .withTimestampAssigner(ctx -> new ReadOrderClock());
    }
}
