package dev.faultline.connectors.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.operators.alert.SecretScrubber;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): {@code trigger} while firing (a repeat with
 * the same {@code dedup_key} folds into the open incident and refreshes its details), {@code
 * resolve} when resolved. Only high-urgency alerts page, unless triage alerts are asked for. The
 * routing key is a secret: it is sent, never logged or printed ({@link #toString()} leaves it out).
 */
public final class PagerDutyReceiver implements AlertReceiver {
    private static final long serialVersionUID = 1L;
    public static final String ROUTING_KEY_ENV = "FAULTLINE_PAGERDUTY_ROUTING_KEY";

    private final String url;
    private final String routingKey;
    private final boolean triage;

    /**
     * @param allowHttp accept an {@code http://} URL (a local test receiver); otherwise only {@code
     *     https://}, as the routing key travels in every request's body
     */
    public PagerDutyReceiver(String url, String routingKey, boolean triage, boolean allowHttp) {
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException(
                    "PagerDuty needs a routing key (--pagerduty-routing-key or "
                            + ROUTING_KEY_ENV
                            + ")");
        }
        this.url = url;
        this.routingKey = routingKey;
        this.triage = triage;
        requireHttps(url, allowHttp);
    }

    /**
     * Fails unless {@code url} is an absolute https URL (or http when allowed). The message names
     * the scheme only: a URL may carry credentials of its own.
     */
    static void requireHttps(String url, boolean allowHttp) {
        String scheme;
        try {
            URI uri = new URI(url);
            scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("--pagerduty-url needs a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--pagerduty-url is not a URL");
        }
        if (scheme.equals("https") || (scheme.equals("http") && allowHttp)) {
            return;
        }
        throw new IllegalArgumentException(
                "--pagerduty-url must be https:// (the routing key travels in every request), not "
                        + (scheme.isEmpty() ? "a URL without a scheme" : scheme + "://")
                        + (scheme.equals("http")
                                ? "; --"
                                        + AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP.key()
                                        + " true allows http:// for a local test receiver"
                                : ""));
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public HttpRequest request(Alert alert, long nowMillis) {
        if (!"high".equals(alert.urgency) && !triage) {
            return null;
        }
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                event(alert).toString(), StandardCharsets.UTF_8))
                .build();
    }

    ObjectNode event(Alert alert) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("routing_key", routingKey);
        e.put("dedup_key", alert.dedupKey);
        if (Alert.RESOLVED.equals(alert.status)) {
            e.put("event_action", "resolve");
            return e;
        }
        e.put("event_action", "trigger");
        e.put("client", "Faultline");
        ObjectNode p = e.putObject("payload");
        p.put(
                "summary",
                alert.summary.length() <= 1024 ? alert.summary : alert.summary.substring(0, 1024));
        p.put("source", "faultline");
        p.put("severity", alert.severity);
        p.put("timestamp", alert.startsAt);
        if (alert.stage != null) {
            p.put("component", alert.stage);
        }
        if (alert.category != null) {
            p.put("group", alert.category);
        }
        p.put("class", alert.signature != null ? alert.signature : alert.kind);
        ObjectNode details = p.putObject("custom_details");
        details.put("kind", alert.kind);
        details.put("failures", alert.failures);
        details.put("builds", alert.builds);
        details.put("share", alert.share);
        details.put("peak_failures", alert.peakFailures);
        details.put("window_start", alert.windowStart);
        details.put("window_end", alert.windowEnd);
        details.put("first_seen", alert.firstSeen);
        details.put("last_seen", alert.lastSeen);
        details.put("fault", alert.fault);
        if (alert.pattern != null) {
            details.put("pattern", alert.pattern);
        }
        if (alert.advice != null) {
            details.put("advice", alert.advice);
        }
        if (alert.docs != null) {
            details.put("docs", alert.docs);
        }
        details.set("examples", Json.mapper().valueToTree(alert.examples));
        return e;
    }

    @Override
    public String redact(String text) {
        return text == null ? null : text.replace(routingKey, SecretScrubber.REDACTED);
    }

    @Override
    public String toString() {
        return "pagerduty " + url + " (routing key set)";
    }
}
