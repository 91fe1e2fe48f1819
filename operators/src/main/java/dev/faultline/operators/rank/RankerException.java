package dev.faultline.operators.rank;

/**
 * A ranker model that cannot be used: missing, truncated, or made for other features. Fails
 * start-up.
 */
public class RankerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RankerException(String message) {
        super(message);
    }

    public RankerException(String message, Throwable cause) {
        super(message, cause);
    }
}
