package dev.faultline.connectors.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Prometheus Alertmanager, API v2 ({@code POST /api/v2/alerts}). Labels identify the alert and stay
 * the same for its whole life (Alertmanager's grouping, inhibition and deduplication work on them);
 * counts and examples go in annotations. A firing alert's {@code endsAt} lies a few resend
 * intervals ahead, so Alertmanager resolves it by itself if Faultline stops sending; a resolved
 * alert is sent with {@code endsAt} = now.
 */
public final class AlertmanagerReceiver implements AlertReceiver {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final long resendMillis;

    public AlertmanagerReceiver(String baseUrl, Duration resend) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.url = base + "/api/v2/alerts";
        this.resendMillis = resend.toMillis();
        URI.create(url);
    }

    @Override
    public String name() {
        return "alertmanager";
    }

    /** {@code alertname} per alert kind: what routes and inhibition rules match on. */
    public static String alertName(String kind) {
        switch (kind) {
            case Alert.PLATFORM_SPIKE:
                return "FaultlinePlatformFailureSpike";
            case Alert.STAGE_SPIKE:
                return "FaultlineStageFailureSpike";
            default:
                return "FaultlineUnknownFailureRecurring";
        }
    }

    @Override
    public HttpRequest request(Alert alert, long nowMillis) {
        ArrayNode body = Json.mapper().createArrayNode();
        body.add(toAlertmanager(alert, nowMillis));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    ObjectNode toAlertmanager(Alert alert, long nowMillis) {
        ObjectNode a = Json.mapper().createObjectNode();
        ObjectNode labels = a.putObject("labels");
        labels.put("alertname", alertName(alert.kind));
        labels.put("service", "faultline");
        labels.put("severity", alert.severity);
        labels.put("urgency", alert.urgency);
        labels.put("dedup_key", alert.dedupKey);
        putIfSet(labels, "category", alert.category);
        putIfSet(labels, "signature", alert.signature);
        putIfSet(labels, "stage", alert.stage);
        putIfSet(labels, "fault", alert.fault);
        ObjectNode annotations = a.putObject("annotations");
        annotations.put("summary", alert.summary);
        annotations.put("description", description(alert));
        annotations.put("failures", Integer.toString(alert.failures));
        annotations.put("builds", Integer.toString(alert.builds));
        annotations.put("share", String.format(Locale.ROOT, "%.4f", alert.share));
        annotations.put("first_seen", alert.firstSeen);
        annotations.put("last_seen", alert.lastSeen);
        annotations.put("window", alert.windowStart + "/" + alert.windowEnd);
        if (alert.pattern != null) {
            annotations.put("pattern", alert.pattern);
        }
        putIfSet(annotations, "advice", alert.advice);
        putIfSet(annotations, "docs", alert.docs);
        a.put("startsAt", alert.startsAt);
        boolean firing = Alert.FIRING.equals(alert.status);
        a.put(
                "endsAt",
                Instant.ofEpochMilli(firing ? nowMillis + 4 * resendMillis : nowMillis).toString());
        return a;
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    /** Counts, window and examples with their evidence (already scrubbed of secrets). */
    static String description(Alert alert) {
        StringBuilder d = new StringBuilder();
        d.append(
                String.format(
                        Locale.ROOT,
                        "%d of %d builds (%.1f%%) between %s and %s; first seen %s, last seen %s.",
                        alert.failures,
                        alert.builds,
                        100 * alert.share,
                        alert.windowStart,
                        alert.windowEnd,
                        alert.firstSeen,
                        alert.lastSeen));
        if (alert.examples != null) {
            for (AlertExample e : alert.examples) {
                d.append("\n- build ").append(e.buildId);
                if (e.workerName != null) {
                    d.append(" (").append(e.workerName).append(')');
                }
                d.append(": ").append(e.summary);
                if (e.advice != null) {
                    d.append("\n    advice: ").append(e.advice);
                }
                if (e.evidence != null) {
                    for (Evidence ev : e.evidence) {
                        d.append("\n    ").append(ev.line).append(": ").append(ev.text);
                    }
                }
            }
        }
        return d.toString();
    }

    @Override
    public String toString() {
        return "alertmanager " + url;
    }
}
