package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Hostile records on the input topics: each is a dead letter with a reason, never an exception. */
class KafkaRecordsTest {
    private static final long NOW = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(
                topic,
                0,
                7,
                NOW,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                -1,
                value == null ? -1 : value.length,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    private static List<KafkaInput> logs(String key, byte[] value) {
        List<KafkaInput> out = new ArrayList<>();
        new KafkaRecords.LogLines(Duration.ofDays(1))
                .deserialize(record("build-logs", key, value), collector(out));
        return out;
    }

    private static List<KafkaInput> events(byte[] value) {
        List<KafkaInput> out = new ArrayList<>();
        new KafkaRecords.BuildEvents(Duration.ofDays(1))
                .deserialize(record("build-events", null, value), collector(out));
        return out;
    }

    private static Collector<KafkaInput> collector(List<KafkaInput> out) {
        return new Collector<>() {
            @Override
            public void collect(KafkaInput record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }

    private static byte[] line(String buildId, String timestamp, String text) {
        return Json.toJsonBytes(new LogLine(buildId, 1, timestamp, text));
    }

    @Test
    void aFarFutureTimestampIsReplacedByTheRecordTimeAndReported() {
        List<KafkaInput> out = logs("b-1", line("b-1", "9999-12-31T23:59:59Z", "hello"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).dead.reason).isEqualTo("timestamp-out-of-window");
        assertThat(out.get(0).dead.buildId).isEqualTo("b-1");
        KafkaInput used = out.get(1);
        assertThat(used.line.text).isEqualTo("hello");
        assertThat(used.line.timestamp).isNull();
        assertThat(used.timestamp).isEqualTo(NOW);
    }

    @Test
    void aTimestampWithinTheWindowIsTheEventTime() {
        List<KafkaInput> out = logs("b-1", line("b-1", "2026-12-04T11:00:00Z", "hello"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).timestamp).isEqualTo(NOW - 3_600_000);
        assertThat(out.get(0).line.timestamp).isEqualTo("2026-12-04T11:00:00Z");
    }

    @Test
    void aTimestampBeyondEpochMillisIsADeadLetterNotACrash() {
        List<KafkaInput> out = logs("b-1", line("b-1", "+300000000-01-01T00:00:00Z", "hello"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).dead.reason).isEqualTo("invalid-timestamp");
        assertThat(out.get(1).line.text).isEqualTo("hello");
        assertThat(out.get(1).timestamp).isEqualTo(NOW);
    }

    @Test
    void aHugeBuildIdIsADeadLetterWithItsKeyClipped() {
        String huge = "b".repeat(2_000_000);
        List<KafkaInput> out = logs(huge, line(huge, null, "hello"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).dead.reason).isEqualTo("invalid-build-id");
        assertThat(out.get(0).dead.buildId.length()).isLessThan(2_000);
        assertThat(out.get(0).dead.originalBase64.length())
                .isLessThanOrEqualTo(4 * KafkaRecords.MAX_ORIGINAL_BYTES / 3 + 4);
    }

    @Test
    void aBuildIdWithControlCharactersIsADeadLetter() {
        List<KafkaInput> out = logs("b\n1", line("b\n1", null, "hello"));
        assertThat(out.get(0).dead.reason).isEqualTo("invalid-build-id");
    }

    @Test
    void anEventFieldOfManyKilobytesIsADeadLetter() {
        String event =
                "{\"type\":\"cf.workersBuilds.worker.build.failed\",\"payload\":{\"buildUuid\":\"b-1\","
                        + "\"buildOutcome\":\"failure\"},\"metadata\":{\"accountId\":\""
                        + "a".repeat(10_000)
                        + "\"}}";
        List<KafkaInput> out = events(event.getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).dead.reason).isEqualTo("field-too-long");
        assertThat(out.get(0).dead.detail).contains("metadata.accountId");
    }

    @Test
    void deeplyNestedJsonIsADeadLetter() {
        byte[] nested = ("[".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
        assertThat(logs("b", nested))
                .singleElement()
                .satisfies(in -> assertThat(in.dead).isNotNull());
        assertThat(events(nested)).singleElement().satisfies(in -> assertThat(in.dead).isNotNull());
    }

    /**
     * A seeded fuzz over both deserializers: random bytes, and valid records with random bytes
     * flipped, cut or repeated. Each record gives exactly one used record or dead letter (plus at
     * most one report for a cut line or a replaced timestamp), and nothing throws.
     */
    @Test
    void fuzzedRecordsNeverThrow() {
        Random random = new Random(20261204);
        byte[] validLine = line("b-1", "2026-12-04T11:59:00.123Z", "npm ERR! code E404");
        byte[] validEvent =
                ("{\"type\":\"cf.workersBuilds.worker.build.failed\",\"source\":{\"workerName\":\"w\"},"
                                + "\"payload\":{\"buildUuid\":\"b-1\",\"buildOutcome\":\"failure\","
                                + "\"stoppedAt\":\"2026-12-04T11:59:00Z\"},\"metadata\":{\"accountId\":\"a\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] value;
            switch (i % 3) {
                case 0 -> {
                    value = new byte[random.nextInt(200)];
                    random.nextBytes(value);
                }
                case 1 -> value = mutate(validLine, random);
                default -> value = mutate(validEvent, random);
            }
            List<KafkaInput> fromLogs = logs(random.nextBoolean() ? "b-1" : null, value);
            List<KafkaInput> fromEvents = events(value);
            for (List<KafkaInput> out : List.of(fromLogs, fromEvents)) {
                assertThat(out).isNotEmpty().hasSizeLessThanOrEqualTo(3);
                long used = out.stream().filter(in -> in.dead == null).count();
                assertThat(used).isLessThanOrEqualTo(1);
                for (KafkaInput in : out) {
                    if (in.dead != null) {
                        assertThat(in.dead.reason).isNotBlank();
                    }
                }
            }
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int kind = random.nextInt(4);
        if (kind == 0) {
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            return b;
        }
        if (kind == 1) {
            return java.util.Arrays.copyOf(b, random.nextInt(b.length));
        }
        if (kind == 2) {
            String s = new String(b, StandardCharsets.UTF_8);
            String[] swaps = {
                "\"b-1\"", "12", "\"2026-12-04T11:59:00.123Z\"", "true", "\"failure\""
            };
            String[] into = {
                "null", "-1", "\"+300000000-01-01T00:00:00Z\"", "1e999", "[]", "{}", "\"\\u0000\""
            };
            return s.replace(swaps[random.nextInt(swaps.length)], into[random.nextInt(into.length)])
                    .getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(b.length);
        byte[] out = new byte[b.length + 50];
        System.arraycopy(b, 0, out, 0, at);
        java.util.Arrays.fill(out, at, at + 50, (byte) '{');
        System.arraycopy(b, at, out, at + 50, b.length - at);
        return out;
    }
}
