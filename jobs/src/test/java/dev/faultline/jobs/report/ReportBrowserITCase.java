package dev.faultline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.jobs.TestCluster;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Json;
import dev.faultline.tools.generate.ArchiveGenerator;
import dev.faultline.tools.generate.Burst;
import dev.faultline.tools.report.VerdictReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report.html that backfill writes in a real browser (headless Debian chromium): the page
 * must log nothing to the console, draw every chart it has data for with at least one point, and
 * never run script that came from a log line. Screenshots go to target/report-screenshots/.
 */
class ReportBrowserITCase {
    static final Path TESTDATA = Path.of("..", "testdata");
    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static final Pattern CHART_DIV =
            Pattern.compile("<div [^>]*class=\"chart[^\"]*\"[^>]*>");
    private static final Pattern POINTS = Pattern.compile("data-points=\"(\\d+)\"");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    @TempDir Path tmp;

    @Test
    void sampleArchiveReportRendersEveryChart() throws Exception {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        BackfillJob.run(
                TESTDATA.resolve("sample-archive").toString(),
                tmp.resolve("out"),
                catalog,
                2,
                new Configuration());
        Path html = tmp.resolve("out/report.html");
        HeadlessChromium chromium = new HeadlessChromium(tmp);

        HeadlessChromium.Page page = chromium.open(html);

        List<Integer> points = assertRendered(page);
        assertThat(chartDiv(page.dom, "chart-builds")).contains("data-rendered=\"true\"");
        assertThat(chartDiv(page.dom, "chart-faults")).contains("data-rendered=\"true\"");
        // Builds, faults and one trend line per listed signature (the sample has over 25).
        assertThat(points).hasSizeGreaterThanOrEqualTo(2 + 25);
        chromium.screenshot(html, SCREENSHOTS.resolve("sample-archive.png"), 1300, 2600);
    }

    @Test
    void generatedArchiveOfTenThousandBuildsRendersEveryChartAndItsAlerts() throws Exception {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        ArchiveGenerator generator =
                ArchiveGenerator.fromSamples(
                        TESTDATA.resolve("sample-archive"),
                        TESTDATA.resolve("golden/sample-archive-verdicts.jsonl"),
                        catalog);
        // A burst of one platform failure, so the alert timeline has an incident that pages.
        generator.generate(
                tmp.resolve("gen"),
                10_000,
                42,
                0.3,
                false,
                new Burst(40, "git.could-not-resolve-host", 0.5, Duration.ofMinutes(4)));
        BackfillJob.run(
                tmp.resolve("gen/archive").toString(),
                tmp.resolve("out"),
                catalog,
                2,
                new Configuration());
        Path html = tmp.resolve("out/report.html");
        assertThat(Files.size(html)).isLessThan(2_000_000);
        HeadlessChromium chromium = new HeadlessChromium(tmp);

        HeadlessChromium.Page page = chromium.open(html);

        assertRendered(page);
        assertThat(chartDiv(page.dom, "chart-alerts")).contains("data-rendered=\"true\"");
        assertThat(page.dom.contains(">pages<")).as("an incident that pages in the table").isTrue();
        chromium.screenshot(html, SCREENSHOTS.resolve("generated-10000.png"), 1300, 2600);
    }

    @Test
    void scriptInLogLinesNeverRuns() throws Exception {
        String payload = "document.body.setAttribute('data-pwned','1')";
        String[] hostile = {
            "</script><script>" + payload + "</script>",
            "<img src=x onerror=\"" + payload + "\">",
            "<svg onload=\"" + payload + "\"></svg>"
        };
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < hostile.length; i++) {
            lines.add(
                    Json.toJson(
                            Map.of(
                                    "buildId",
                                    hostile[i] + i,
                                    "outcome",
                                    "failure",
                                    "category",
                                    "unknown",
                                    "fault",
                                    "unknown",
                                    "signature",
                                    hostile[(i + 1) % hostile.length],
                                    "evidence",
                                    List.of(Map.of("line", 1, "text", hostile[i])),
                                    "lastTimestamp",
                                    "2025-05-29T1" + i + ":00:00Z")));
        }
        Files.write(tmp.resolve("verdicts.jsonl"), lines);
        Files.writeString(
                tmp.resolve("alerts.jsonl"),
                Json.toJson(
                                Map.of(
                                        "dedupKey", hostile[0],
                                        "status", "firing",
                                        "kind", "unknown-failure-recurring",
                                        "severity", "warning",
                                        "urgency", "low",
                                        "summary", hostile[1],
                                        "startsAt", "2025-05-29T10:00:00Z",
                                        "revision", 1))
                        + "\n");
        Path html = tmp.resolve("report.html");
        VerdictReport.write(tmp.resolve("verdicts.jsonl"), tmp.resolve("alerts.jsonl"), html);

        HeadlessChromium.Page page = new HeadlessChromium(tmp).open(html);

        assertRendered(page);
        // The payload shows up as text (in the tables), never as the attribute it would set.
        assertThat(page.dom.contains("data-pwned=")).as("the payload ran").isFalse();
        assertThat(page.dom.contains("&lt;img src=x onerror=")).as("shown as text").isTrue();
        assertThat(page.dom.contains("<img src=\"x\"")).as("parsed into an element").isFalse();
        assertThat(page.dom.contains("<svg onload")).as("parsed into an element").isFalse();
    }

    @Test
    void emptyAndPartlyCorruptFilesStillRenderAndSayWhatTheySkipped() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(tmp);
        Files.writeString(tmp.resolve("empty.jsonl"), "");
        VerdictReport.write(tmp.resolve("empty.jsonl"), null, tmp.resolve("empty.html"));

        HeadlessChromium.Page empty = chromium.open(tmp.resolve("empty.html"));

        assertThat(empty.console).as("console messages and uncaught errors").isEmpty();
        assertThat(empty.dom.contains("data-ready=\"true\"")).as("page finished").isTrue();
        assertThat(empty.dom.contains("No verdicts could be read")).as("says so").isTrue();

        List<String> lines = new ArrayList<>();
        lines.add(
                Json.toJson(
                        Map.of(
                                "buildId", "a",
                                "outcome", "failure",
                                "category", "clone",
                                "fault", "platform",
                                "signature", "git.could-not-resolve-host",
                                "lastTimestamp", "2025-05-29T10:00:00Z")));
        lines.add("{\"buildId\":\"b\",\"outcome\":");
        lines.add("\u0000\u0001 binary garbage");
        lines.add(
                Json.toJson(
                        Map.of(
                                "buildId", "c",
                                "outcome", "success",
                                "lastTimestamp", "2025-05-29T11:00:00Z")));
        Files.write(tmp.resolve("partly.jsonl"), lines);
        VerdictReport.write(tmp.resolve("partly.jsonl"), null, tmp.resolve("partly.html"));

        HeadlessChromium.Page partly = chromium.open(tmp.resolve("partly.html"));

        assertRendered(partly);
        assertThat(partly.dom.contains("2 line(s) of partly.jsonl could not be read"))
                .as("counts the lines it skipped")
                .isTrue();
    }

    /** Fails on console output, a page that never finished, or a drawn chart with no points. */
    private static List<Integer> assertRendered(HeadlessChromium.Page page) {
        assertThat(page.console).as("console messages and uncaught errors").isEmpty();
        // Booleans, not contains(): a failure must not print the megabyte of inlined ECharts.
        assertThat(page.dom.contains("data-ready=\"true\"")).as("page finished drawing").isTrue();
        assertThat(page.dom.contains("data-errors=")).as("uncaught errors in the page").isFalse();
        List<Integer> points = new ArrayList<>();
        Matcher div = CHART_DIV.matcher(page.dom);
        while (div.find()) {
            Matcher p = POINTS.matcher(div.group());
            assertThat(p.find()).as("chart drawn: %s", div.group()).isTrue();
            points.add(Integer.parseInt(p.group(1)));
        }
        assertThat(points)
                .as("charts drawn")
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).isPositive());
        Matcher charts = Pattern.compile("data-charts=\"(\\d+)\"").matcher(page.dom);
        assertThat(charts.find()).isTrue();
        assertThat(Integer.parseInt(charts.group(1))).isEqualTo(points.size());
        return points;
    }

    private static String chartDiv(String dom, String id) {
        Matcher div = CHART_DIV.matcher(dom);
        while (div.find()) {
            if (div.group().contains("id=\"" + id + "\"")) {
                return div.group();
            }
        }
        return "";
    }
}
