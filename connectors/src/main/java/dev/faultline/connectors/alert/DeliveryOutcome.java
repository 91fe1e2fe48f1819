package dev.faultline.connectors.alert;

/** What became of one alert sent to one receiver. */
public class DeliveryOutcome {
    public String receiver;
    public String dedupKey;
    public String status;
    public int revision;
    public boolean delivered;

    /** The last HTTP status, or 0 if no answer came (connection error, timeout). */
    public int httpStatus;

    public int attempts;
    public String detail;

    /** The alert as JSON (for the dead letter); never the request, which may hold a routing key. */
    public String alertJson;

    public DeliveryOutcome() {}
}
