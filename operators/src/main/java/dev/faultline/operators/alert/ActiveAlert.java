package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;

/**
 * An alert that is firing: the last record sent, and since when it has been below its threshold.
 */
public class ActiveAlert {
    /** The last record emitted for this alert. */
    public Alert last;

    /** Event time the counts fell below the threshold, or {@link Long#MIN_VALUE} while above it. */
    public long quietSince = Long.MIN_VALUE;

    public long firstSeen;
    public long lastSeen;

    public ActiveAlert() {}
}
