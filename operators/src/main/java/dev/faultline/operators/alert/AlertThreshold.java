package dev.faultline.operators.alert;

import java.io.Serializable;
import java.util.Locale;

/**
 * When one kind of failure is worth an alert: at least {@code minFailures} builds in the window,
 * and at least {@code minShare} of all builds that ended in the same window. The count keeps one
 * unlucky build from paging at night; the share keeps a busy hour's normal background of failures
 * from paging.
 */
public final class AlertThreshold implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int minFailures;
    public final double minShare;

    public AlertThreshold(int minFailures, double minShare) {
        if (minFailures < 1) {
            throw new IllegalArgumentException(
                    "minFailures must be at least 1, got " + minFailures);
        }
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("minShare must be within 0..1, got " + minShare);
        }
        this.minFailures = minFailures;
        this.minShare = minShare;
    }

    /**
     * {@code COUNT:SHARE}, e.g. {@code 10:0.01}; the share may be omitted ({@code 3} means 3:0).
     */
    public static AlertThreshold parse(String spec) {
        String[] parts = spec.trim().split(":", -1);
        try {
            int count = Integer.parseInt(parts[0].trim());
            double share = parts.length > 1 ? Double.parseDouble(parts[1].trim()) : 0;
            if (parts.length > 2) {
                throw new IllegalArgumentException("too many ':'");
            }
            return new AlertThreshold(count, share);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "bad threshold '"
                            + spec
                            + "' (want COUNT:SHARE, e.g. 10:0.01): "
                            + e.getMessage(),
                    e);
        }
    }

    public boolean isCrossedBy(int failures, int builds) {
        return failures >= minFailures && builds > 0 && (double) failures / builds >= minShare;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d:%s", minFailures, minShare);
    }
}
