package dev.faultline.connectors.alert;

import dev.faultline.operators.alert.SecretScrubber;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to one HTTP receiver without ever blocking the task: requests run on the HTTP
 * client's threads, Flink's async operator keeps the alerts in flight in its checkpoints (so a
 * restart sends them again rather than losing them), and every alert ends as exactly one outcome,
 * delivered or not, within the delivery timeout.
 *
 * <p>Retries back off exponentially (0.5 s doubling to 30 s, or the receiver's Retry-After) on 429,
 * 5xx and connection errors, never on other 4xx. Records of the same alert are sent in order, one
 * after the other, so a resolve can never overtake the trigger it resolves.
 */
public class AlertDelivery extends RichAsyncFunction<Alert, DeliveryOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final AlertReceiver receiver;
    private final int maxAttempts;
    private final long timeoutMillis;

    private transient HttpClient client;
    private transient Map<String, CompletableFuture<?>> tails;
    private transient Counter delivered;
    private transient Counter failures;
    private transient Counter retries;

    public AlertDelivery(AlertReceiver receiver, int maxAttempts, Duration timeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.receiver = receiver;
        this.maxAttempts = maxAttempts;
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * Flink's own timeout for the async operator: a little longer than ours, which always answers
     * first.
     */
    public long operatorTimeoutMillis() {
        return timeoutMillis + 10_000;
    }

    @Override
    public void open(OpenContext context) {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        tails = new ConcurrentHashMap<>();
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup("alerting", receiver.name());
        delivered = group.counter("alertsDelivered", new ThreadSafeSimpleCounter());
        failures = group.counter("alertSinkFailures", new ThreadSafeSimpleCounter());
        retries = group.counter("alertSinkRetries", new ThreadSafeSimpleCounter());
    }

    @Override
    public void asyncInvoke(Alert alert, ResultFuture<DeliveryOutcome> result) {
        long now = System.currentTimeMillis();
        HttpRequest request;
        try {
            request = receiver.request(alert, now);
        } catch (RuntimeException e) {
            finish(
                    alert,
                    result,
                    outcome(
                            alert,
                            false,
                            0,
                            0,
                            "could not build the request: " + clip(String.valueOf(e))));
            return;
        }
        if (request == null) {
            result.complete(List.of());
            return;
        }
        long deadline = now + timeoutMillis;
        String key = alert.dedupKey;
        CompletableFuture<?> previous =
                tails.getOrDefault(key, CompletableFuture.completedFuture(null));
        CompletableFuture<DeliveryOutcome> mine =
                previous.handle((x, e) -> null)
                        .thenCompose(x -> attempt(alert, request, 1, deadline));
        tails.put(key, mine);
        mine.whenComplete(
                (o, e) -> {
                    tails.remove(key, mine);
                    finish(
                            alert,
                            result,
                            e == null
                                    ? o
                                    : outcome(
                                            alert,
                                            false,
                                            0,
                                            0,
                                            "delivery failed: " + clip(String.valueOf(e))));
                });
    }

    private CompletableFuture<DeliveryOutcome> attempt(
            Alert alert, HttpRequest request, int n, long deadline) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle(
                        (response, error) -> {
                            int status = error == null ? response.statusCode() : 0;
                            AlertReceiver.Answer answer =
                                    error == null
                                            ? receiver.classify(status)
                                            : AlertReceiver.Answer.RETRY;
                            // what a receiver answers (or an error says) may quote the request:
                            // never its secrets
                            String what =
                                    error == null
                                            ? "HTTP " + status + " " + clip(response.body())
                                            : "no answer: " + clip(String.valueOf(error));
                            if (answer == AlertReceiver.Answer.DELIVERED) {
                                return CompletableFuture.completedFuture(
                                        outcome(alert, true, status, n, what));
                            }
                            if (answer == AlertReceiver.Answer.REJECTED) {
                                return CompletableFuture.completedFuture(
                                        outcome(alert, false, status, n, "rejected: " + what));
                            }
                            long wait = backoff(n, error == null ? response : null);
                            if (n >= maxAttempts || System.currentTimeMillis() + wait >= deadline) {
                                return CompletableFuture.completedFuture(
                                        outcome(
                                                alert,
                                                false,
                                                status,
                                                n,
                                                "gave up after " + n + " attempts: " + what));
                            }
                            retries.inc();
                            LOG.warn(
                                    "{}: {} for alert {}; retrying in {} ms",
                                    receiver.name(),
                                    what,
                                    alert.dedupKey,
                                    wait);
                            Executor later =
                                    CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS);
                            return CompletableFuture.supplyAsync(() -> null, later)
                                    .thenCompose(x -> attempt(alert, request, n + 1, deadline));
                        })
                .thenCompose(f -> f);
    }

    /** Exponential backoff, or the receiver's Retry-After (in seconds) if it says so, capped. */
    static long backoff(int attempt, HttpResponse<?> response) {
        long exponential = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 16));
        if (response != null) {
            String after = response.headers().firstValue("Retry-After").orElse(null);
            if (after != null) {
                try {
                    return Math.min(
                            MAX_BACKOFF_MS, Math.max(0, Long.parseLong(after.trim()) * 1000));
                } catch (NumberFormatException ignored) {
                    // an HTTP date: fall back to our own backoff
                }
            }
        }
        return exponential;
    }

    private void finish(Alert alert, ResultFuture<DeliveryOutcome> result, DeliveryOutcome o) {
        if (o.delivered) {
            delivered.inc();
        } else {
            failures.inc();
            LOG.error(
                    "{}: alert {} (revision {}) not delivered: {}",
                    receiver.name(),
                    alert.dedupKey,
                    alert.revision,
                    o.detail);
        }
        result.complete(List.of(o));
    }

    @Override
    public void timeout(Alert alert, ResultFuture<DeliveryOutcome> result) {
        finish(
                alert,
                result,
                outcome(alert, false, 0, 0, "timed out after " + operatorTimeoutMillis() + " ms"));
    }

    private DeliveryOutcome outcome(
            Alert alert, boolean ok, int status, int attempts, String detail) {
        DeliveryOutcome o = new DeliveryOutcome();
        o.receiver = receiver.name();
        o.dedupKey = alert.dedupKey;
        o.status = alert.status;
        o.revision = alert.revision;
        o.delivered = ok;
        o.httpStatus = status;
        o.attempts = attempts;
        o.detail = detail;
        o.alertJson = Json.toJson(alert);
        return o;
    }

    /**
     * One line of at most 300 characters, scrubbed of secrets (the receiver's own and anything
     * key-like).
     */
    private String clip(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = SecretScrubber.scrub(receiver.redact(body)).replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
