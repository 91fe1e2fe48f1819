package dev.faultline.operators.model;

/** A bounded source reached the end of one build's log: no more lines will come for it. */
public class LogEnd {
    public String buildId;

    /** Lines read. */
    public long lines;

    /** Timestamp of the last line that had one, or null. */
    public String lastTimestamp;

    /** Why the log ended early, if it did (e.g. a truncated gzip), else null. */
    public String problem;

    public LogEnd() {}

    public LogEnd(String buildId, long lines, String problem) {
        this.buildId = buildId;
        this.lines = lines;
        this.problem = problem;
    }
}
