package dev.faultline.schemas;

import java.util.Objects;

/**
 * One line of one build's log, as it arrives from the archive or from the {@code build-logs} topic.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so that it never falls back to Kryo. Lines
 * are numbered from 1 within a build, split on {@code \n} only; a trailing {@code \r} stays in
 * {@link #text}.
 */
public class LogLine {
    /** The build this line belongs to; the key of all per-build state. */
    public String buildId;

    /** 1-based line number within the build. */
    public long seq;

    /**
     * ISO-8601 instant from the {@code ISO8601<TAB>text} prefix, or null when the line had none.
     */
    public String timestamp;

    /** The message, without the timestamp prefix. */
    public String text;

    public LogLine() {}

    public LogLine(String buildId, long seq, String timestamp, String text) {
        this.buildId = buildId;
        this.seq = seq;
        this.timestamp = timestamp;
        this.text = text;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogLine)) {
            return false;
        }
        LogLine that = (LogLine) o;
        return seq == that.seq
                && Objects.equals(buildId, that.buildId)
                && Objects.equals(timestamp, that.timestamp)
                && Objects.equals(text, that.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(buildId, seq, timestamp, text);
    }

    @Override
    public String toString() {
        return buildId + "#" + seq + (timestamp == null ? "" : "@" + timestamp) + ": " + text;
    }
}
