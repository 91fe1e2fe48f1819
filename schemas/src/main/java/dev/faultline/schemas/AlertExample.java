package dev.faultline.schemas;

/** One build an alert cites as an example, with the lines that explain it. */
public class AlertExample {
    public String buildId;
    public String workerName;
    public String accountId;
    public String stage;
    public String signature;
    public String summary;

    /** When the build ended (its last line or its end event). */
    public String endedAt;

    public Evidence[] evidence;

    public AlertExample() {}
}
