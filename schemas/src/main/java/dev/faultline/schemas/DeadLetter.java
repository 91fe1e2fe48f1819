package dev.faultline.schemas;

/**
 * A record Faultline could not parse or use, with the reason. Nothing is dropped silently: every
 * bad input becomes one of these, and each reason is counted in a metric.
 */
public class DeadLetter {
    /** A short machine-readable reason, e.g. {@code binary-file}, {@code line-too-long}. */
    public String reason;

    /** A human explanation. */
    public String detail;

    /** Where it came from: a file path, or a topic name. */
    public String source;

    /** Position in the source: a line number, or {@code partition:offset}. Null when not known. */
    public String position;

    /** The build the record belonged to, when known. */
    public String buildId;

    /** The first bytes of the original record, Base64, so that it can be replayed or inspected. */
    public String originalBase64;

    public DeadLetter() {}

    public DeadLetter(
            String reason, String detail, String source, String position, String buildId) {
        this.reason = reason;
        this.detail = detail;
        this.source = source;
        this.position = position;
        this.buildId = buildId;
    }

    @Override
    public String toString() {
        return reason + " at " + source + (position == null ? "" : ":" + position) + ": " + detail;
    }
}
