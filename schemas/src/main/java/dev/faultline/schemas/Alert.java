package dev.faultline.schemas;

/**
 * One state change of an alert: it started firing, its counts changed while firing, or it resolved.
 * Alerts are about many builds at once (a spike of one kind of platform failure, or an unknown
 * failure that keeps coming back), never about one build.
 *
 * <p>{@code dedupKey} names the kind of trouble, not the occurrence: every record of one incident
 * carries the same key, and so does a repeat sent after a restart, so PagerDuty and Alertmanager
 * fold repeats into the incident that is already open.
 */
public class Alert {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    /** Platform-fault failures of one category and signature crossed their threshold: a page. */
    public static final String PLATFORM_SPIKE = "platform-failure-spike";

    /**
     * Platform-fault failures at one stage, of mixed signatures, crossed the stage threshold: a
     * page.
     */
    public static final String STAGE_SPIKE = "stage-failure-spike";

    /** The same unexplained failure line keeps coming back: a low-urgency triage alert. */
    public static final String UNKNOWN_RECURRING = "unknown-failure-recurring";

    public String dedupKey;

    /** {@link #FIRING} or {@link #RESOLVED}. */
    public String status;

    public String kind;

    /** PagerDuty's scale: {@code critical|error|warning|info}. */
    public String severity;

    /** {@code high} pages a person; {@code low} waits for working hours. */
    public String urgency;

    public String summary;

    /**
     * When the alert names a signature: what to do about it, from the catalog (as its examples'
     * verdicts carry it); else null.
     */
    public String advice;

    /** The signature's documentation link, or null. */
    public String docs;

    public String category;
    public String signature;
    public String stage;
    public String fault;

    /** For unknown failures: the masked line that groups them. */
    public String pattern;

    /** Matching failures in the window at the last evaluation. */
    public int failures;

    /** All builds that ended in the same window. */
    public int builds;

    /** failures / builds. */
    public double share;

    /** The most failures seen in one window during this incident. */
    public int peakFailures;

    public String windowStart;
    public String windowEnd;

    /** First and last matching failure of this incident (event time of the builds' ends). */
    public String firstSeen;

    public String lastSeen;

    /** Event time the alert started firing, and (once resolved) stopped. */
    public String startsAt;

    public String endsAt;

    /** 1 for the first firing record of an incident, then +1 per update. */
    public int revision;

    /** A few recent builds of this kind with their evidence, secrets scrubbed. */
    public AlertExample[] examples;

    public Alert() {}

    @Override
    public String toString() {
        return status + " " + dedupKey + " (" + failures + "/" + builds + ") " + summary;
    }
}
