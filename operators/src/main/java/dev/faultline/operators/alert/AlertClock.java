package dev.faultline.operators.alert;

/** Which clock the detectors' windows follow. */
public enum AlertClock {
    /**
     * The verdicts' own event time (a live job): a window is evaluated when the watermark passes
     * its end, plus the event-settle delay.
     */
    EVENT_TIME,
    /**
     * The builds' end times alone (a backfill reads the archive in file order, so its watermarks
     * say nothing of when builds ran): every window is evaluated in time order once the input is
     * complete.
     */
    BUILD_TIME
}
