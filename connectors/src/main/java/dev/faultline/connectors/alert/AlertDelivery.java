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
 * <p>Each attempt has a deadline of its own covering connecting, sending and reading the whole
 * answer, whose body is read up to {@link BoundedBody#MAX_BYTES}: a receiver that sends its headers
 * and then trickles the body forever costs one failed attempt, not the alert and every later record
 * of it (they wait for it, see below).
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

    /** Characters of an answer or error kept in a log line or dead letter. */
    static final int DETAIL_CHARS = 300;

    /**
     * Characters of an answer that are scrubbed, of which the first {@link #DETAIL_CHARS} are kept:
     * a secret that starts among those and runs past them is still whole here, so it is redacted
     * whole rather than cut into a part the scrubber no longer recognises.
     */
    static final int SCRUB_WINDOW = 4 * DETAIL_CHARS;

    private static final java.util.regex.Pattern WHITESPACE =
            java.util.regex.Pattern.compile("\\s++");

    private final AlertReceiver receiver;
    private final int maxAttempts;
    private final long timeoutMillis;
    private final long attemptTimeoutMillis;

    private transient HttpClient client;
    private transient Map<String, CompletableFuture<?>> tails;
    private transient Counter delivered;
    private transient Counter failures;
    private transient Counter retries;

    public AlertDelivery(
            AlertReceiver receiver, int maxAttempts, Duration timeout, Duration attemptTimeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("the attempt timeout must be positive");
        }
        this.receiver = receiver;
        this.maxAttempts = maxAttempts;
        this.timeoutMillis = timeout.toMillis();
        this.attemptTimeoutMillis = attemptTimeout.toMillis();
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
        long attemptMillis =
                Math.max(1, Math.min(attemptTimeoutMillis, deadline - System.currentTimeMillis()));
        return send(request, attemptMillis)
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
                                            : "no answer: " + describe(error, attemptMillis);
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

    /**
     * One attempt, over within {@code millis} whatever the receiver does: the request's own timeout
     * only covers the wait for the answer's headers, so the deadline is also set on the whole
     * exchange, and when it passes the body still being read is given up (closing the connection).
     */
    private CompletableFuture<HttpResponse<String>> send(HttpRequest request, long millis) {
        HttpRequest timed =
                HttpRequest.newBuilder(request, (name, value) -> true)
                        .timeout(Duration.ofMillis(millis))
                        .build();
        BoundedBody.Handler body = new BoundedBody.Handler(BoundedBody.MAX_BYTES);
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(timed, body);
        CompletableFuture<HttpResponse<String>> attempt =
                exchange.copy().orTimeout(millis, TimeUnit.MILLISECONDS);
        attempt.whenComplete(
                (response, error) -> {
                    if (error != null) {
                        body.abort();
                        exchange.cancel(true);
                    }
                });
        return attempt;
    }

    /** Why an attempt got no answer, in words; a timeout says which deadline passed. */
    private String describe(Throwable error, long attemptMillis) {
        Throwable cause =
                error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null
                        ? error.getCause()
                        : error;
        if (cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof java.net.http.HttpTimeoutException) {
            return "no complete answer within "
                    + attemptMillis
                    + " ms (connecting, sending and reading the answer)";
        }
        return clip(String.valueOf(cause));
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
     * One line of at most {@link #DETAIL_CHARS} characters, scrubbed of secrets (the receiver's own
     * and anything key-like). Clipped to {@link #SCRUB_WINDOW} before it is scrubbed, so the cost
     * of scrubbing does not depend on what a receiver chose to send.
     */
    String clip(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = WHITESPACE.matcher(body).replaceAll(" ").trim();
        String window =
                oneLine.length() <= SCRUB_WINDOW ? oneLine : oneLine.substring(0, SCRUB_WINDOW);
        String scrubbed = SecretScrubber.scrub(receiver.redact(window));
        return scrubbed.length() <= DETAIL_CHARS && window.length() == oneLine.length()
                ? scrubbed
                : scrubbed.substring(0, Math.min(DETAIL_CHARS, scrubbed.length())) + "…";
    }
}
