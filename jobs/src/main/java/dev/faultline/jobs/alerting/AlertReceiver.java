package dev.faultline.jobs.alerting;

import dev.faultline.schemas.Alert;
import java.io.Serializable;
import java.net.http.HttpRequest;

/** One HTTP alert receiver: how an alert becomes a request, and what its answers mean. */
public interface AlertReceiver extends Serializable {
    enum Answer {
        /** Accepted. */
        DELIVERED,
        /** Throttled or broken on their side: try again later. */
        RETRY,
        /** They will never accept this request as it is: do not retry. */
        REJECTED
    }

    /** Short name for metrics, logs and dead letters. */
    String name();

    /** The request for {@code alert}, or null if this receiver does not take such alerts. */
    HttpRequest request(Alert alert, long nowMillis);

    Answer classify(int httpStatus);

    /** {@code text} (a response body, an error) without this receiver's own secrets, for logs and dead letters. */
    default String redact(String text) {
        return text;
    }
}
