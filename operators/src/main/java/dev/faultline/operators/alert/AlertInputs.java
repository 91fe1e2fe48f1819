package dev.faultline.operators.alert;

import dev.faultline.schemas.BuildVerdict;

/**
 * What the spike detectors need of a verdict. A build that counts toward no alert kind (a success,
 * a cancellation, a user-fault failure with a known cause) only adds one to its window's total, for
 * which its end time is enough. The detectors run on one key, so every verdict crosses the network
 * to them, once per detector: sending most builds without their evidence, texts and metadata keeps
 * that cheap.
 */
public final class AlertInputs {
    private AlertInputs() {}

    /**
     * {@code v} itself when some alert kind counts it, else a copy with only its outcome and times.
     */
    public static BuildVerdict slim(BuildVerdict v) {
        if (countsTowardAKind(v)) {
            return v;
        }
        BuildVerdict s = new BuildVerdict();
        s.buildId = v.buildId;
        s.outcome = v.outcome;
        s.firstTimestamp = v.firstTimestamp;
        s.lastTimestamp = v.lastTimestamp;
        return s;
    }

    /** Whether {@link AlertKind#of} gives any kind for {@code v}, in either family. */
    static boolean countsTowardAKind(BuildVerdict v) {
        return BuildVerdict.FAILURE.equals(v.outcome)
                && ("platform".equals(v.fault) || "unknown".equals(v.category));
    }
}
