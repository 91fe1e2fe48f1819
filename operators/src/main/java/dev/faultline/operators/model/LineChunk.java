package dev.faultline.operators.model;

import dev.faultline.schemas.LogLine;

/**
 * Consecutive lines of one build's log, as one record from the source to tagging: a backfill reads
 * a log whole, and paying Flink's per-record costs (source output, watermark generator, routing,
 * chaining) once per chunk instead of once per line is what this type is for. Tagging emits each
 * line on its own, at its own event time. A live stream's lines arrive one at a time and travel as
 * chunks of one. Lines and end may not both be missing: a chunk holds at least one line.
 */
public class LineChunk {
    public String buildId;

    /** The lines in log order; never empty. */
    public LogLine[] lines;

    /**
     * Event time of each line in ms ({@link TaggedLine#NO_TIME} when it has none), same length as
     * {@link #lines}.
     */
    public long[] eventTimes;

    /**
     * The end of the log when this chunk holds its last lines (a bounded source), else null. Riding
     * with the last lines, the end reaches the verdict operator in the same signal: one state read
     * and write per build instead of two. The end's event time is the chunk record's own, after
     * every line in it.
     */
    public LogEnd end;

    public LineChunk() {}

    public LineChunk(String buildId, LogLine[] lines, long[] eventTimes) {
        this.buildId = buildId;
        this.lines = lines;
        this.eventTimes = eventTimes;
    }

    /** One line at {@code eventTime}. */
    public static LineChunk of(LogLine line, long eventTime) {
        return new LineChunk(line.buildId, new LogLine[] {line}, new long[] {eventTime});
    }
}
