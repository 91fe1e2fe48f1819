package dev.faultline.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.connectors.alert.AlertReceiverOptions;
import dev.faultline.connectors.alert.StrictPagerDuty;
import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.Json;
import dev.faultline.tools.generate.ArchiveGenerator;
import dev.faultline.tools.generate.Burst;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill evaluates alerts in the builds' own time and writes them to alerts.jsonl; it pages
 * nobody unless asked to with {@code allow-paging}.
 */
class BackfillAlertsITCase {
    private static final Path TESTDATA = Path.of("..", "testdata");
    private static final String CLONE_KEY =
            "faultline/platform-failure-spike/clone/git.could-not-resolve-host";
    private static final long EPOCH = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir static Path tmp;
    static SignatureCatalog catalog;
    static StrictPagerDuty pagerDuty;

    @BeforeAll
    static void generate() throws Exception {
        catalog = CatalogLoader.loadDefault();
        pagerDuty = new StrictPagerDuty();
        // 500 builds in ~58 minutes; 50 of them fail to clone within 4 minutes, starting half-way.
        ArchiveGenerator.fromSamples(
                        TESTDATA.resolve("sample-archive"),
                        TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"),
                        catalog)
                .generate(
                        tmp.resolve("burst"),
                        500,
                        42,
                        0.3,
                        false,
                        new Burst(50, "git.could-not-resolve-host", 0.5, Duration.ofMinutes(4)));
    }

    @AfterAll
    static void stop() {
        pagerDuty.close();
    }

    private List<Alert> backfill(String name, Configuration flags) throws Exception {
        Path out = tmp.resolve(name);
        BackfillJob.run(
                tmp.resolve("burst/archive").toString(),
                out,
                catalog,
                2,
                new Configuration(),
                GraphOptions.backfill(),
                flags);
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            alerts.add(Json.mapper().readValue(line, Alert.class));
        }
        return alerts;
    }

    private static Configuration pagerDutyFlags() {
        Configuration flags = new Configuration();
        flags.setString(AlertReceiverOptions.PAGERDUTY_URL.key(), pagerDuty.url());
        // the local receiver speaks plain HTTP
        flags.setString(AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP.key(), "true");
        flags.setString(
                AlertReceiverOptions.PAGERDUTY_ROUTING_KEY.key(), StrictPagerDuty.ROUTING_KEY);
        return flags;
    }

    @Test
    void theBurstIsOneIncidentInBuildTimeAndNobodyIsPaged() throws Exception {
        pagerDuty.received.clear();
        List<Alert> alerts = backfill("no-paging", pagerDutyFlags());
        List<Alert> clone =
                alerts.stream()
                        .filter(a -> a.dedupKey.equals(CLONE_KEY))
                        .collect(Collectors.toList());
        assertThat(clone).isNotEmpty();
        Alert first = clone.get(0);
        assertThat(first.status).isEqualTo(Alert.FIRING);
        assertThat(first.revision).isEqualTo(1);
        long burstStart = EPOCH + (long) (0.5 * 500 * 7_000);
        long startsAt = Instant.parse(first.startsAt).toEpochMilli();
        assertThat(startsAt).isBetween(burstStart, burstStart + Duration.ofMinutes(2).toMillis());
        assertThat(first.failures).isGreaterThanOrEqualTo(10);
        assertThat(first.examples).isNotEmpty();
        // The page names a signature, so it says what to do: the default catalog's advice.
        assertThat(first.advice)
                .isEqualTo(
                        dev.faultline.operators.catalog.CatalogLoader.loadDefault()
                                .cause(first.signature)
                                .remedy
                                .advice);
        assertThat(first.examples[0].advice).isEqualTo(first.advice);
        Alert last = clone.get(clone.size() - 1);
        assertThat(last.status).isEqualTo(Alert.RESOLVED);
        assertThat(clone.stream().filter(a -> a.revision == 1)).hasSize(1);
        assertThat(clone.stream().mapToInt(a -> a.peakFailures).max().getAsInt())
                .isGreaterThanOrEqualTo(40);
        assertThat(alerts).noneMatch(a -> a.kind.equals(Alert.STAGE_SPIKE));
        assertThat(alerts)
                .filteredOn(a -> a.kind.equals(Alert.PLATFORM_SPIKE))
                .allMatch(a -> a.dedupKey.equals(CLONE_KEY));
        assertThat(pagerDuty.received).as("a backfill never pages by default").isEmpty();
    }

    @Test
    void withAllowPagingTheSameIncidentIsTriggeredAndResolved() throws Exception {
        pagerDuty.received.clear();
        Configuration flags = pagerDutyFlags();
        flags.setString(FaultlineOptions.ALLOW_PAGING.key(), "true");
        backfill("paging", flags);
        assertThat(pagerDuty.problems()).isEmpty();
        List<String> actions =
                pagerDuty.valid().stream()
                        .filter(r -> CLONE_KEY.equals(r.body.path("dedup_key").asText()))
                        .map(StrictPagerDuty.Received::action)
                        .collect(Collectors.toList());
        assertThat(actions).startsWith("trigger").endsWith("resolve");
    }

    @Test
    void theSampleArchiveRaisesNoPage() throws Exception {
        Path out = tmp.resolve("sample");
        BackfillJob.run(
                TESTDATA.resolve("sample-archive").toString(),
                out,
                catalog,
                2,
                new Configuration(),
                GraphOptions.backfill(),
                new Configuration());
        List<String> lines = Files.readAllLines(out.resolve("alerts.jsonl"));
        assertThat(lines).noneMatch(l -> l.contains("\"urgency\":\"high\""));
    }
}
