package dev.faultline.tools.report;

import static dev.faultline.tools.report.ReportFixtures.data;
import static dev.faultline.tools.report.ReportFixtures.verdict;
import static dev.faultline.tools.report.ReportFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictReportTest {
    @TempDir Path tmp;

    @Test
    void countsBuildsPerHourByOutcomeCategoryAndFault() throws Exception {
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(
                                verdict("a", "success", null, null, null, "2025-05-29T13:05:00Z"),
                                verdict(
                                        "b",
                                        "failure",
                                        "clone",
                                        "platform",
                                        "git.could-not-resolve-host",
                                        "2025-05-29T13:59:59.999Z",
                                        "fatal: unable to access"),
                                verdict(
                                        "c",
                                        "failure",
                                        "build_command",
                                        "user",
                                        "tsc.error",
                                        "2025-05-29T15:00:00Z",
                                        "error TS2322"),
                                verdict(
                                        "d",
                                        "canceled",
                                        null,
                                        null,
                                        null,
                                        "2025-05-29T15:30:00Z")));
        VerdictReport.Result r = VerdictReport.write(verdicts, null, tmp.resolve("r.html"));

        assertThat(r.builds).isEqualTo(4);
        assertThat(r.badLines).isZero();
        JsonNode d = data(tmp.resolve("r.html"));
        assertThat(d.get("resolution").asText()).isEqualTo("hour");
        JsonNode s = d.get("series");
        // 13:00, 14:00 (empty, kept so the axis has no hole) and 15:00.
        assertThat(s.get("time")).hasSize(3);
        assertThat(s.get("time").get(0).asLong())
                .isEqualTo(java.time.Instant.parse("2025-05-29T13:00:00Z").toEpochMilli());
        assertThat(longs(s.get("builds"))).containsExactly(2L, 0L, 2L);
        assertThat(longs(s.get("outcomes").get("success"))).containsExactly(1L, 0L, 0L);
        assertThat(longs(s.get("outcomes").get("canceled"))).containsExactly(0L, 0L, 1L);
        assertThat(longs(s.get("categories").get("clone"))).containsExactly(1L, 0L, 0L);
        assertThat(longs(s.get("categories").get("build_command"))).containsExactly(0L, 0L, 1L);
        assertThat(longs(s.get("faults").get("platform"))).containsExactly(1L, 0L, 0L);
        assertThat(longs(s.get("faults").get("user"))).containsExactly(0L, 0L, 1L);
        assertThat(s.get("failureRate").get(0).asDouble()).isEqualTo(50.0);
        assertThat(s.get("failureRate").get(1).isNull()).isTrue();
        assertThat(d.get("totals").get("failures").asLong()).isEqualTo(2);
        assertThat(d.get("alerts").isNull()).isTrue();
    }

    @Test
    void aSpanOverAWeekIsDrawnPerDay() throws Exception {
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(
                                verdict("a", "success", null, null, null, "2025-05-01T23:00:00Z"),
                                verdict(
                                        "b",
                                        "failure",
                                        "timeout",
                                        "platform",
                                        "x.timeout",
                                        "2025-05-02T01:00:00Z",
                                        "timed out"),
                                verdict(
                                        "c",
                                        "failure",
                                        "timeout",
                                        "platform",
                                        "x.timeout",
                                        "2025-05-20T10:00:00Z",
                                        "timed out")));
        VerdictReport.write(verdicts, null, tmp.resolve("r.html"));

        JsonNode d = data(tmp.resolve("r.html"));
        assertThat(d.get("resolution").asText()).isEqualTo("day");
        assertThat(d.get("series").get("time")).hasSize(20);
        JsonNode sig = d.get("signatures").get(0);
        assertThat(sig.get("signature").asText()).isEqualTo("x.timeout");
        assertThat(sig.get("count").asLong()).isEqualTo(2);
        assertThat(sig.get("first").asText()).isEqualTo("2025-05-02T01:00:00Z");
        assertThat(sig.get("last").asText()).isEqualTo("2025-05-20T10:00:00Z");
        List<Long> trend = longs(sig.get("trend"));
        assertThat(trend).hasSize(20);
        assertThat(trend.get(1)).isEqualTo(1L);
        assertThat(trend.get(19)).isEqualTo(1L);
        assertThat(trend.stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    }

    @Test
    void groupsUnknownFailuresByTheirMaskedFirstEvidenceLine() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(
                    verdict(
                            "u" + i,
                            "failure",
                            "unknown",
                            "unknown",
                            null,
                            "2025-05-29T13:0" + i + ":00Z",
                            "Error: worker "
                                    + (1000 + i)
                                    + " crashed at /opt/build/run"
                                    + i
                                    + ".js",
                            "context line " + i));
        }
        lines.add(
                verdict(
                        "v",
                        "failure",
                        "unknown",
                        "unknown",
                        null,
                        "2025-05-29T14:00:00Z",
                        "segfault in libfoo"));
        lines.add(verdict("w", "failure", "unknown", "unknown", null, "2025-05-29T14:00:00Z"));
        VerdictReport.write(
                write(tmp.resolve("verdicts.jsonl"), lines), null, tmp.resolve("r.html"));

        JsonNode d = data(tmp.resolve("r.html"));
        JsonNode top = d.get("unknownGroups").get(0);
        assertThat(top.get("count").asLong()).isEqualTo(5);
        assertThat(top.get("line").asText()).isEqualTo("Error: worker <n> crashed at <path>");
        assertThat(top.get("examples")).hasSize(UnknownGroups.EXAMPLES);
        assertThat(top.get("examples").get(0).asText()).isEqualTo("u0");
        assertThat(top.get("evidence").get(1).asText()).isEqualTo("context line 0");
        assertThat(top.get("first").asText()).isEqualTo("2025-05-29T13:00:00Z");
        assertThat(top.get("last").asText()).isEqualTo("2025-05-29T13:04:00Z");
        assertThat(d.get("unknownGroups").get(1).get("count").asLong()).isEqualTo(1);
        assertThat(d.get("unknownGroupsDistinct").asInt()).isEqualTo(2);
        assertThat(d.get("unknownWithoutEvidence").asLong()).isEqualTo(1);
    }

    @Test
    void hostileLogTextCannotEndTheDataBlockButReadsBackUnchanged() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- & \u2028";
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(
                                verdict(
                                        "</script><b>",
                                        "failure",
                                        "unknown",
                                        "unknown",
                                        null,
                                        "2025-05-29T13:00:00Z",
                                        hostile)));
        VerdictReport.write(verdicts, null, tmp.resolve("r.html"));

        String page = Files.readString(tmp.resolve("r.html"));
        assertThat(page).doesNotContain("alert(1)</script>").doesNotContain("<script>alert(1)");
        assertThat(page).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
        // Exactly the page's own three script elements close.
        assertThat(page.split("</script>", -1)).hasSize(4);
        JsonNode group = data(tmp.resolve("r.html")).get("unknownGroups").get(0);
        assertThat(group.get("evidence").get(0).asText()).isEqualTo(hostile);
        assertThat(group.get("examples").get(0).asText()).isEqualTo("</script><b>");
    }

    @Test
    void corruptLinesAreCountedAndTheRestStillRenders() throws Exception {
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(
                                verdict("a", "success", null, null, null, "2025-05-29T13:00:00Z"),
                                "not json at all",
                                "",
                                verdict(
                                                "b",
                                                "failure",
                                                "clone",
                                                "platform",
                                                "git.x",
                                                "2025-05-29T13:10:00Z")
                                        .substring(0, 40),
                                "{\"buildId\":\"c\",\"outcome\":\"exploded\"}",
                                "[1,2]",
                                verdict(
                                        "d",
                                        "failure",
                                        "clone",
                                        "platform",
                                        "git.x",
                                        "2025-05-29T13:20:00Z")));
        VerdictReport.Result r = VerdictReport.write(verdicts, null, tmp.resolve("r.html"));

        assertThat(r.builds).isEqualTo(2);
        assertThat(r.badLines).isEqualTo(4);
        JsonNode t = data(tmp.resolve("r.html")).get("totals");
        assertThat(t.get("badLines").asLong()).isEqualTo(4);
        assertThat(longs(t.get("badLineNumbers"))).containsExactly(2L, 4L, 5L, 6L);
    }

    @Test
    void anEmptyFileStillRenders() throws Exception {
        Path verdicts = write(tmp.resolve("verdicts.jsonl"), List.of());
        VerdictReport.Result r =
                VerdictReport.write(verdicts, tmp.resolve("none.jsonl"), tmp.resolve("r.html"));

        assertThat(r.builds).isZero();
        JsonNode d = data(tmp.resolve("r.html"));
        assertThat(d.get("series").get("time")).isEmpty();
        assertThat(d.get("signatures")).isEmpty();
        assertThat(Files.readString(tmp.resolve("r.html"))).contains("echarts");
    }

    @Test
    void aMissingVerdictsFileIsAnError() {
        assertThatThrownBy(
                        () ->
                                VerdictReport.write(
                                        tmp.resolve("nope.jsonl"), null, tmp.resolve("r.html")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.jsonl");
    }

    @Test
    void alertIncidentsRunFromFirstFiringToResolution() throws Exception {
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(verdict("a", "success", null, null, null, "2025-05-29T16:00:00Z")));
        String key = "platform-failure-spike/clone/git.could-not-resolve-host";
        Path alerts =
                write(
                        tmp.resolve("alerts.jsonl"),
                        List.of(
                                alert(key, "firing", 1, "2025-05-29T13:00:00Z", null, 12, "high"),
                                "garbage",
                                alert(key, "firing", 2, "2025-05-29T13:00:00Z", null, 30, "high"),
                                alert(
                                        key,
                                        "resolved",
                                        3,
                                        "2025-05-29T13:00:00Z",
                                        "2025-05-29T13:45:00Z",
                                        30,
                                        "high"),
                                alert(
                                        "unknown-failure-recurring/abc",
                                        "firing",
                                        1,
                                        "2025-05-29T15:00:00Z",
                                        null,
                                        3,
                                        "low")));
        VerdictReport.Result r = VerdictReport.write(verdicts, alerts, tmp.resolve("r.html"));

        assertThat(r.alertIncidents).isEqualTo(2);
        JsonNode a = data(tmp.resolve("r.html")).get("alerts");
        assertThat(a.get("badLines").asLong()).isEqualTo(1);
        JsonNode spike = a.get("incidents").get(0);
        assertThat(spike.get("dedupKey").asText()).isEqualTo(key);
        assertThat(spike.get("seconds").asLong()).isEqualTo(45 * 60);
        assertThat(spike.get("peakFailures").asInt()).isEqualTo(30);
        assertThat(spike.get("open").asBoolean()).isFalse();
        assertThat(spike.get("records").asInt()).isEqualTo(3);
        JsonNode open = a.get("incidents").get(1);
        assertThat(open.get("open").asBoolean()).isTrue();
        // Still firing when the data ends: drawn up to the last verdict.
        assertThat(open.get("end").asText()).isEqualTo("2025-05-29T16:00:00Z");
        assertThat(open.get("urgency").asText()).isEqualTo("low");
    }

    @Test
    void aBogusTimestampWidensTheBucketsInsteadOfMakingMillionsOfThem() throws Exception {
        String huge = "E".repeat(50_000);
        Path verdicts =
                write(
                        tmp.resolve("verdicts.jsonl"),
                        List.of(
                                verdict("a", "success", null, null, null, "0001-01-01T00:00:00Z"),
                                verdict(
                                        "b",
                                        "failure",
                                        "unknown",
                                        "unknown",
                                        null,
                                        "2025-05-29T13:00:00Z",
                                        huge),
                                verdict(
                                        "c",
                                        "failure",
                                        "clone",
                                        "platform",
                                        "git.x",
                                        "2025-05-30T13:00:00Z")));
        VerdictReport.Result r = VerdictReport.write(verdicts, null, tmp.resolve("r.html"));

        JsonNode d = data(tmp.resolve("r.html"));
        int points = d.get("series").get("time").size();
        assertThat(points).isBetween(2, (int) ReportModel.MAX_BUCKETS);
        assertThat(d.get("resolution").asText()).endsWith(" days");
        assertThat(longs(d.get("series").get("builds")).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(3);
        // Only the kept prefix of a 50,000-character line: the page stays small.
        String kept = d.get("unknownGroups").get(0).get("evidence").get(0).asText();
        assertThat(kept).hasSize(UnknownGroups.MAX_CHARS + 1).endsWith("…");
        assertThat(r.bytes).isLessThan(2_000_000);
    }

    @Test
    void readingInPartsGivesWhatOnePassGives() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] signatures = {"tsc.error", "npm.e404", "git.could-not-resolve-host", null};
        for (int i = 0; i < 3_000; i++) {
            String ts =
                    java.time.Instant.parse("2025-05-01T00:00:00Z").plusSeconds(97L * i).toString();
            if (i % 500 == 7) {
                lines.add("{broken " + i);
            } else if (i % 3 == 0) {
                lines.add(verdict("s" + i, "success", null, null, null, ts));
            } else {
                String sig = signatures[i % signatures.length];
                lines.add(
                        sig == null
                                ? verdict(
                                        "u" + i,
                                        "failure",
                                        "unknown",
                                        "unknown",
                                        null,
                                        ts,
                                        "Error: code " + (i % 5) + " in step " + i)
                                : verdict(
                                        "f" + i, "failure", "build_command", "user", sig, ts, "x"));
            }
        }
        Path verdicts = write(tmp.resolve("verdicts.jsonl"), lines);
        Map<String, Object> one =
                withoutTime(ReportModel.of(VerdictAggregate.read(verdicts, 1), null, "v", null));
        for (int parts : new int[] {2, 3, 7}) {
            Map<String, Object> split =
                    withoutTime(
                            ReportModel.of(
                                    VerdictAggregate.read(verdicts, parts), null, "v", null));
            assertThat(dev.faultline.schemas.Json.toJson(split))
                    .as("%d parts", parts)
                    .isEqualTo(dev.faultline.schemas.Json.toJson(one));
        }
        assertThat(((Map<?, ?>) one.get("totals")).get("badLines")).isEqualTo(6L);
    }

    private static Map<String, Object> withoutTime(Map<String, Object> model) {
        model.remove("generatedAt");
        return model;
    }

    static String alert(
            String key,
            String status,
            int revision,
            String startsAt,
            String endsAt,
            int failures,
            String urgency) {
        java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("dedupKey", key);
        a.put("status", status);
        a.put("kind", key.substring(0, key.indexOf('/')));
        a.put("severity", "critical");
        a.put("urgency", urgency);
        a.put("summary", "summary of " + key);
        a.put("failures", failures);
        a.put("peakFailures", failures);
        a.put("startsAt", startsAt);
        a.put("endsAt", endsAt);
        a.put("revision", revision);
        return dev.faultline.schemas.Json.toJson(a);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
