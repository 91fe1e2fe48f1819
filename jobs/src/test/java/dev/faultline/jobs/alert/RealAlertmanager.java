package dev.faultline.jobs.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, installed by .ci/run)
 * on a free local port, with a route that groups Faultline's alerts and the inhibition rule the
 * README recommends. Started per test class, stopped (killed if need be) after it.
 */
final class RealAlertmanager implements AutoCloseable {
    static final String CONFIG =
            String.join(
                    "\n",
                    "route:",
                    "  receiver: platform-team",
                    "  group_by: [alertname, category, stage]",
                    "  group_wait: 1s",
                    "  group_interval: 1s",
                    "  repeat_interval: 1h",
                    "receivers:",
                    "  - name: platform-team",
                    "inhibit_rules:",
                    "  - source_matchers: ['alertname=\"FaultlinePlatformFailureSpike\"']",
                    "    target_matchers: ['alertname=\"FaultlineStageFailureSpike\"']",
                    "    equal: [stage]",
                    "");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    RealAlertmanager(Path dir) throws Exception {
        Path binary = binary();
        port = freePort();
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
        log = dir.resolve("alertmanager.log");
        process =
                new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + config,
                                "--storage.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--cluster.listen-address=",
                                "--log.level=info")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(
                        "Alertmanager did not become ready; its log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    static Path binary() {
        String configured = System.getenv("FAULTLINE_ALERTMANAGER_BIN");
        for (String candidate :
                new String[] {
                    configured, "/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager"
                }) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException(
                "no Alertmanager binary: install Debian's prometheus-alertmanager (.ci/run does) "
                        + "or set FAULTLINE_ALERTMANAGER_BIN");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Alertmanager's own view: {@code GET /api/v2/alerts} (active, not yet resolved alerts). */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v2/alerts");
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts: " + r.statusCode() + " " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        Json.mapper().readTree(r.body()).forEach(out::add);
        return out;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
