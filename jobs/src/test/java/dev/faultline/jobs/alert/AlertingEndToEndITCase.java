package dev.faultline.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.connectors.alert.AlertReceiverOptions;
import dev.faultline.connectors.alert.StrictPagerDuty;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.jobs.streaming.DetectJob;
import dev.faultline.jobs.streaming.EmbeddedKafka;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import dev.faultline.tools.generate.ArchiveGenerator;
import dev.faultline.tools.generate.Burst;
import dev.faultline.tools.replay.ArchiveReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of platform clone failures through the live {@code detect} job (MiniCluster, RocksDB, a
 * real Kafka broker) pages on every sink: a real Alertmanager shows the alert in its own {@code GET
 * /api/v2/alerts} (kept alive by resends) and drops it once resolved after the quiet period; a
 * strict PagerDuty receiver gets a valid trigger and resolve with one dedup key; {@code
 * build-alerts} carries firing → resolved, exactly once.
 */
class AlertingEndToEndITCase {
    private static final String CLONE_KEY =
            "faultline/platform-failure-spike/clone/git.could-not-resolve-host";
    private static final Path TESTDATA = Path.of("..", "testdata");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir static Path tmp;
    static EmbeddedKafka kafka;
    static RealAlertmanager alertmanager;
    static StrictPagerDuty pagerDuty;

    @BeforeAll
    static void start() throws Exception {
        alertmanager = new RealAlertmanager(tmp.resolve("alertmanager"));
        pagerDuty = new StrictPagerDuty();
        kafka = new EmbeddedKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (pagerDuty != null) {
            pagerDuty.close();
        }
    }

    @Test
    void aBurstOfPlatformCloneFailuresPagesAndResolves() throws Exception {
        // 300 builds over ~35 minutes of event time; 40 of them fail to clone within 4 minutes.
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        ArchiveGenerator.fromSamples(
                        TESTDATA.resolve("sample-archive"),
                        TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"),
                        catalog)
                .generate(
                        tmp.resolve("burst"),
                        300,
                        7,
                        0.2,
                        false,
                        new Burst(40, "git.could-not-resolve-host", 0.3, Duration.ofMinutes(4)));
        Configuration options = options();
        Instant start = Instant.now().minus(Duration.ofMinutes(50));
        List<ArchiveReplay.Timed> plan =
                ArchiveReplay.plan(
                        tmp.resolve("burst/archive"),
                        start,
                        Duration.ZERO,
                        new ArchiveReplay.Stats(),
                        options.get(KafkaOptions.LOGS_TOPIC),
                        options.get(KafkaOptions.EVENTS_TOPIC));
        long burstStart = start.toEpochMilli() + (long) (0.3 * 300 * 7_000);
        long split = burstStart + Duration.ofMinutes(8).toMillis();
        List<ArchiveReplay.Timed> before =
                plan.stream().filter(t -> t.time <= split).collect(Collectors.toList());
        List<ArchiveReplay.Timed> after =
                plan.stream().filter(t -> t.time > split).collect(Collectors.toList());
        after.add(
                ArchiveReplay.endTick(
                        plan,
                        Duration.ofMinutes(2),
                        "end-tick",
                        options.get(KafkaOptions.LOGS_TOPIC)));

        JobClient job = startDetect(options, catalog);
        try {
            long sent = System.nanoTime();
            ArchiveReplay.send(kafka.bootstrapServers(), before, 0, new ArchiveReplay.Stats());
            JsonNode firing =
                    await(
                            "the page in Alertmanager",
                            Duration.ofSeconds(90),
                            () -> cloneAlert().orElse(null));
            double pageSeconds = (System.nanoTime() - sent) / 1e9;
            assertThat(firing.at("/labels/alertname").asText())
                    .isEqualTo("FaultlinePlatformFailureSpike");
            assertThat(firing.at("/labels/severity").asText()).isEqualTo("critical");
            assertThat(firing.at("/labels/category").asText()).isEqualTo("clone");
            assertThat(firing.at("/labels/fault").asText()).isEqualTo("platform");
            assertThat(firing.at("/status/state").asText()).isEqualTo("active");
            assertThat(firing.at("/annotations/summary").asText())
                    .startsWith("Platform clone failures:");
            assertThat(firing.at("/annotations/description").asText())
                    .contains("Could not resolve host");
            System.out.printf(
                    "page visible in Alertmanager %.1f s after the burst's lines were sent%n",
                    pageSeconds);

            // Resends keep it active well past the endsAt of the first send (4 resends = 8 s
            // ahead).
            Thread.sleep(10_000);
            assertThat(cloneAlert()).as("still firing after 10 s: resends work").isPresent();

            ArchiveReplay.send(kafka.bootstrapServers(), after, 0, new ArchiveReplay.Stats());
            await(
                    "the resolve in Alertmanager",
                    Duration.ofSeconds(90),
                    () -> cloneAlert().isEmpty() ? "gone" : null);

            // PagerDuty: valid trigger(s) and one resolve, same dedup key, in that order.
            await(
                    "the resolve at PagerDuty",
                    Duration.ofSeconds(30),
                    () ->
                            pagerDuty.valid().stream().anyMatch(r -> "resolve".equals(r.action()))
                                    ? "ok"
                                    : null);
            assertThat(pagerDuty.problems()).isEmpty();
            List<String> actions =
                    pagerDuty.valid().stream()
                            .filter(r -> CLONE_KEY.equals(r.body.path("dedup_key").asText()))
                            .map(StrictPagerDuty.Received::action)
                            .collect(Collectors.toList());
            assertThat(actions.get(0)).isEqualTo("trigger");
            assertThat(actions.get(actions.size() - 1)).isEqualTo("resolve");
            assertThat(actions.subList(0, actions.size() - 1)).containsOnly("trigger");

            // build-alerts: firing (revision 1) first, resolved last, each revision exactly once.
            List<Alert> records = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    kafka.readCommitted(
                            options.get(KafkaOptions.ALERTS_TOPIC),
                            rs ->
                                    rs.stream()
                                            .anyMatch(
                                                    x ->
                                                            new String(x.value())
                                                                    .contains("\"resolved\"")),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(2))) {
                records.add(Json.mapper().readValue(r.value(), Alert.class));
            }
            List<Alert> clone =
                    records.stream()
                            .filter(a -> a.dedupKey.equals(CLONE_KEY))
                            .collect(Collectors.toList());
            assertThat(clone.get(0).status).isEqualTo(Alert.FIRING);
            assertThat(clone.get(0).revision).isEqualTo(1);
            assertThat(clone.get(0).failures).isGreaterThanOrEqualTo(10);
            assertThat(clone.get(clone.size() - 1).status).isEqualTo(Alert.RESOLVED);
            assertThat(clone.stream().map(a -> a.revision)).doesNotHaveDuplicates();
            long pageEventTime = Instant.parse(clone.get(0).startsAt).toEpochMilli();
            System.out.printf(
                    "page at event time +%d s after the burst's first failure window opened%n",
                    (pageEventTime - burstStart) / 1000);
            assertThat(pageEventTime - burstStart)
                    .isLessThanOrEqualTo(Duration.ofMinutes(3).toMillis());
            assertThat(records).noneMatch(a -> a.kind.equals(Alert.STAGE_SPIKE));

            // no alert failed to go out
            List<DeadLetter> dead = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    kafka.readCommitted(
                            options.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                            rs -> false,
                            Duration.ofSeconds(3),
                            Duration.ZERO)) {
                dead.add(Json.mapper().readValue(r.value(), DeadLetter.class));
            }
            assertThat(dead).noneMatch(d -> d.reason.startsWith("alert-"));
        } finally {
            job.cancel().get();
        }
    }

    private static Optional<JsonNode> cloneAlert() throws Exception {
        return alertmanager.alerts().stream()
                .filter(a -> CLONE_KEY.equals(a.at("/labels/dedup_key").asText()))
                .findFirst();
    }

    private static <T> T await(String what, Duration timeout, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "timed out waiting for " + what + "; Alertmanager log:\n" + alertmanager.log());
    }

    private static Configuration options() throws Exception {
        Configuration c = new Configuration();
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.set(KafkaOptions.GROUP_ID, "alerting");
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "alerting");
        c.set(FaultlineOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        c.set(FaultlineOptions.CHECKPOINT_DIR, tmp.resolve("checkpoints").toUri().toString());
        // Long enough that no partition counts as idle while the burst is being sent (a partition
        // marked idle lets event time run ahead of its builds, whose verdicts then come late).
        c.set(FaultlineOptions.IDLENESS, Duration.ofSeconds(10));
        c.set(FaultlineOptions.EVENT_SETTLE, Duration.ofSeconds(5));
        c.set(FaultlineOptions.PARALLELISM, 2);
        c.setString(AlertReceiverOptions.ALERTMANAGER_URL.key(), alertmanager.url());
        c.setString(AlertReceiverOptions.ALERTMANAGER_RESEND.key(), "2s");
        c.setString(AlertReceiverOptions.PAGERDUTY_URL.key(), pagerDuty.url());
        // the local receiver speaks plain HTTP
        c.setString(AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP.key(), "true");
        c.setString(AlertReceiverOptions.PAGERDUTY_ROUTING_KEY.key(), StrictPagerDuty.ROUTING_KEY);
        kafka.createTopics(
                Map.of(
                        c.get(KafkaOptions.LOGS_TOPIC), 3,
                        c.get(KafkaOptions.EVENTS_TOPIC), 3,
                        c.get(KafkaOptions.VERDICTS_TOPIC), 3,
                        c.get(KafkaOptions.DEAD_LETTERS_TOPIC), 1,
                        c.get(KafkaOptions.ALERTS_TOPIC), 1));
        return c;
    }

    private static JobClient startDetect(Configuration options, SignatureCatalog catalog)
            throws Exception {
        StreamExecutionEnvironment env =
                JobEnvironment.create(
                        DetectJob.jobConfiguration(options),
                        options.get(FaultlineOptions.PARALLELISM));
        DetectJob.build(env, options, catalog);
        return env.executeAsync("faultline-alerting-test");
    }
}
