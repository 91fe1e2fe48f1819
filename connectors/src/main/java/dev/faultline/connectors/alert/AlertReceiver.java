package dev.faultline.connectors.alert;

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

    /**
     * Both APIs answer 2xx when they took it, 429 or 5xx when to try again; anything else will not
     * change.
     */
    default Answer classify(int httpStatus) {
        if (httpStatus >= 200 && httpStatus < 300) {
            return Answer.DELIVERED;
        }
        return httpStatus == 429 || httpStatus >= 500 ? Answer.RETRY : Answer.REJECTED;
    }

    /**
     * {@code text} (a response body, an error) without this receiver's own secrets, for logs and
     * dead letters.
     */
    default String redact(String text) {
        return text;
    }
}
