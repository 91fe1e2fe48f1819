package dev.faultline.connectors.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for PagerDuty's Events API v2 ({@code POST /v2/enqueue}) that checks every
 * request as strictly as the documented format allows, answers 202 like PagerDuty does, or whatever
 * status a test scripts next (429, 500, 400), and records what it got.
 */
public final class StrictPagerDuty implements AutoCloseable {
    public static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
    private static final Set<String> TOP_LEVEL =
            Set.of(
                    "routing_key",
                    "event_action",
                    "dedup_key",
                    "payload",
                    "images",
                    "links",
                    "client",
                    "client_url");
    private static final Set<String> PAYLOAD =
            Set.of(
                    "summary",
                    "source",
                    "severity",
                    "timestamp",
                    "component",
                    "group",
                    "class",
                    "custom_details");
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /**
     * One request as received, with the problems found in it (empty: valid) and the status
     * answered.
     */
    public static final class Received {
        public final JsonNode body;
        public final List<String> problems;
        public final int answered;

        Received(JsonNode body, List<String> problems, int answered) {
            this.body = body;
            this.problems = problems;
            this.answered = answered;
        }

        public String action() {
            return body == null ? null : body.path("event_action").asText(null);
        }
    }

    /** How an answer's body is sent: whole, or never finished. */
    public enum Body {
        WHOLE,
        /** The headers, then one byte every 100 ms for as long as the client listens. */
        TRICKLE,
        /** The headers, then bytes as fast as the client takes them, without end. */
        ENDLESS
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final Deque<Body> bodies = new ConcurrentLinkedDeque<>();

    /**
     * When set, error answers quote the request, as a proxy or gateway in front of a receiver may.
     */
    public volatile boolean echoRequests;

    public final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    public StrictPagerDuty() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // a handler that never finishes its answer must not keep the next request waiting
        server.setExecutor(handlers);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    /** The next requests get these statuses (then 202 again). */
    public void answerNext(int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
    }

    /** The next answers' bodies are sent like this (then whole again). */
    public void bodiesNext(Body... kinds) {
        bodies.addAll(List.of(kinds));
    }

    public List<Received> valid() {
        synchronized (received) {
            List<Received> out = new ArrayList<>();
            for (Iterator<Received> it = received.iterator(); it.hasNext(); ) {
                Received r = it.next();
                if (r.problems.isEmpty()) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    public List<String> problems() {
        synchronized (received) {
            List<String> all = new ArrayList<>();
            received.forEach(r -> all.addAll(r.problems));
            return all;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        List<String> problems = new ArrayList<>();
        JsonNode body = null;
        if (!ex.getRequestMethod().equals("POST")) {
            problems.add("method " + ex.getRequestMethod());
        }
        if (!ex.getRequestURI().getPath().equals("/v2/enqueue")) {
            problems.add("path " + ex.getRequestURI().getPath());
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            problems.add("content type " + type);
        }
        try {
            body = Json.mapper().readTree(bytes);
            check(body, problems);
        } catch (IOException e) {
            problems.add("not JSON: " + e.getMessage());
        }
        Integer scripted = script.poll();
        int status = !problems.isEmpty() ? 400 : scripted != null ? scripted : 202;
        received.add(new Received(body, problems, status));
        String answer =
                status == 202
                        ? "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                                + body.path("dedup_key").asText()
                                + "\"}"
                        : status == 400
                                ? "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":"
                                        + Json.toJson(problems)
                                        + "}"
                                : "{\"status\":\"error\",\"message\":\"try again\"}";
        if (status != 202 && echoRequests) {
            answer =
                    "{\"status\":\"error\",\"message\":\"bad request\",\"request\":"
                            + Json.toJson(new String(bytes, StandardCharsets.UTF_8))
                            + "}";
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        Body kind = bodies.poll();
        if (kind == null || kind == Body.WHOLE) {
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
            return;
        }
        ex.sendResponseHeaders(status, 0); // chunked: no length, so no end the client can expect
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
            byte[] more = new byte[kind == Body.TRICKLE ? 1 : 8192];
            java.util.Arrays.fill(more, (byte) ' ');
            while (!Thread.currentThread().isInterrupted()) {
                os.write(more);
                os.flush();
                if (kind == Body.TRICKLE) {
                    Thread.sleep(100);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up on the answer (or the server stops): what a test waits for
        } finally {
            ex.close();
        }
    }

    private static void check(JsonNode e, List<String> problems) {
        if (!e.isObject()) {
            problems.add("not an object");
            return;
        }
        e.fieldNames()
                .forEachRemaining(
                        f -> {
                            if (!TOP_LEVEL.contains(f)) {
                                problems.add("unknown field " + f);
                            }
                        });
        if (!ROUTING_KEY.equals(e.path("routing_key").asText(null))) {
            problems.add("routing_key missing or wrong");
        }
        String action = e.path("event_action").asText(null);
        if (!ACTIONS.contains(action)) {
            problems.add("event_action " + action);
        }
        String dedup = e.path("dedup_key").asText(null);
        if (dedup == null || dedup.isEmpty() || dedup.length() > 255) {
            problems.add("dedup_key " + dedup);
        }
        if ("trigger".equals(action)) {
            JsonNode p = e.path("payload");
            if (!p.isObject()) {
                problems.add("trigger without payload");
                return;
            }
            p.fieldNames()
                    .forEachRemaining(
                            f -> {
                                if (!PAYLOAD.contains(f)) {
                                    problems.add("unknown payload field " + f);
                                }
                            });
            String summary = p.path("summary").asText("");
            if (summary.isEmpty() || summary.length() > 1024) {
                problems.add("payload.summary length " + summary.length());
            }
            if (p.path("source").asText("").isEmpty()) {
                problems.add("payload.source missing");
            }
            if (!SEVERITIES.contains(p.path("severity").asText(null))) {
                problems.add("payload.severity " + p.path("severity"));
            }
            if (p.has("timestamp")) {
                try {
                    Instant.parse(p.get("timestamp").asText());
                } catch (RuntimeException ex) {
                    problems.add("payload.timestamp " + p.get("timestamp"));
                }
            }
            if (p.has("custom_details") && !p.get("custom_details").isObject()) {
                problems.add("custom_details not an object");
            }
        } else if (e.has("payload")) {
            problems.add(action + " with a payload");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
