package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.Json;
import dev.faultline.tools.replay.ArchiveReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code replay --build-id-prefix}, {@code --end-tick} and {@code --start}: what the end-to-end
 * check relies on.
 */
class ReplayOptionsTest {
    static final Path ARCHIVE = Path.of("..", "testdata", "sample-archive");

    @Test
    void prefixRenamesEveryBuildInKeysLinesAndEvents() throws Exception {
        ArchiveReplay.Stats stats = new ArchiveReplay.Stats();
        List<ArchiveReplay.Timed> plan =
                ArchiveReplay.plan(
                        ARCHIVE,
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Duration.ofSeconds(2),
                        stats,
                        "L",
                        "E",
                        "r2-");
        assertThat(stats.builds).isEqualTo(43);
        Set<String> keys = plan.stream().map(t -> t.key).collect(Collectors.toSet());
        assertThat(keys).hasSize(43).allMatch(k -> k.startsWith("r2-"));
        for (ArchiveReplay.Timed t : plan) {
            JsonNode v = Json.mapper().readTree(t.value);
            String id =
                    t.topic.equals("L")
                            ? v.get("buildId").asText()
                            : v.get("payload").get("buildUuid").asText();
            assertThat(id).isEqualTo(t.key);
        }
        // Without a prefix: the archive's own IDs, as before.
        List<ArchiveReplay.Timed> plain =
                ArchiveReplay.plan(
                        ARCHIVE,
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Duration.ofSeconds(2),
                        new ArchiveReplay.Stats(),
                        "L",
                        "E");
        assertThat(plain.stream().map(t -> "r2-" + t.key).collect(Collectors.toSet()))
                .isEqualTo(keys);
    }

    @Test
    void endTickLiesTheGivenTimeAfterTheLastRecord() throws Exception {
        List<ArchiveReplay.Timed> plan =
                ArchiveReplay.plan(
                        ARCHIVE,
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Duration.ofSeconds(2),
                        new ArchiveReplay.Stats(),
                        "L",
                        "E",
                        "p-");
        long last = plan.get(plan.size() - 1).time;
        ArchiveReplay.Timed tick =
                ArchiveReplay.endTick(plan, Duration.ofMinutes(26), "p-end-tick", "L");
        assertThat(tick.time).isEqualTo(last + Duration.ofMinutes(26).toMillis());
        assertThat(tick.topic).isEqualTo("L");
        JsonNode line = Json.mapper().readTree(tick.value);
        assertThat(line.get("buildId").asText()).isEqualTo("p-end-tick");
        assertThat(Instant.parse(line.get("timestamp").asText()).toEpochMilli())
                .isEqualTo(tick.time);
    }

    @Test
    void startAcceptsNowOffsetsAndInstants() {
        Instant before = Instant.now();
        assertThat(FaultlineCli.replayStart("now")).isBetween(before, Instant.now());
        assertThat(FaultlineCli.replayStart("now-3h"))
                .isBetween(
                        before.minus(Duration.ofHours(3)),
                        Instant.now().minus(Duration.ofHours(3)));
        assertThat(FaultlineCli.replayStart("now+10min"))
                .isAfter(before.plus(Duration.ofMinutes(9)));
        assertThat(FaultlineCli.replayStart("2025-05-29T13:00:00Z"))
                .isEqualTo(Instant.parse("2025-05-29T13:00:00Z"));
        assertThatThrownBy(() -> FaultlineCli.replayStart("yesterday"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staggerZeroKeepsTheArchivesOwnTiming() throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<ArchiveReplay.Timed> plan =
                ArchiveReplay.plan(
                        ARCHIVE, start, Duration.ZERO, new ArchiveReplay.Stats(), "L", "E");
        // the sample's builds span months: one shift for all keeps them months apart, the earliest
        // at start
        long first =
                plan.stream()
                        .filter(t -> t.topic.equals("L"))
                        .mapToLong(t -> t.time)
                        .min()
                        .getAsLong();
        long last =
                plan.stream()
                        .filter(t -> t.topic.equals("L"))
                        .mapToLong(t -> t.time)
                        .max()
                        .getAsLong();
        assertThat(first).isEqualTo(start.toEpochMilli());
        assertThat(last - first).isGreaterThan(Duration.ofDays(100).toMillis());
        List<ArchiveReplay.Timed> staggered =
                ArchiveReplay.plan(
                        ARCHIVE, start, Duration.ofSeconds(2), new ArchiveReplay.Stats(), "L", "E");
        long span = staggered.get(staggered.size() - 1).time - staggered.get(0).time;
        assertThat(span).isLessThan(Duration.ofHours(1).toMillis());
    }
}
