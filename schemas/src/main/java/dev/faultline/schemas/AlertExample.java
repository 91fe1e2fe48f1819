package dev.faultline.schemas;

/** One build an alert cites as an example, with the lines that explain it. */
public class AlertExample {
    public String buildId;
    public String workerName;
    public String accountId;
    public String stage;
    public String signature;
    public String summary;

    /** The verdict's advice for its signature (see {@link BuildVerdict#advice}), or null. */
    public String advice;

    /** The verdict's documentation link, or null. */
    public String docs;

    /** When the build ended (its last line or its end event). */
    public String endedAt;

    public Evidence[] evidence;

    public AlertExample() {}
}
