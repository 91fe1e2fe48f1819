package dev.faultline.schemas;

/**
 * A record that cannot be used, with a short machine-readable reason that becomes a dead letter.
 */
public class RecordException extends Exception {
    private final String reason;

    public RecordException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RecordException(String reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
