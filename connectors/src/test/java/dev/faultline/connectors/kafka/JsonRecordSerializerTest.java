package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonRecordSerializerTest {

    @Test
    void aVerdictIsKeyedByItsBuildAndStampedWithItsEventTime() {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-1";
        long past = System.currentTimeMillis() - 3_600_000;
        ProducerRecord<byte[], byte[]> r =
                JsonRecordSerializer.verdicts("build-verdicts").serialize(v, null, past);
        assertThat(r.topic()).isEqualTo("build-verdicts");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("b-1");
        assertThat(r.timestamp()).isEqualTo(past);
    }

    @Test
    void anEventTimeAheadOfTheClockIsStampedNowSoTheBrokerAcceptsIt() {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-2";
        long before = System.currentTimeMillis();
        ProducerRecord<byte[], byte[]> r =
                JsonRecordSerializer.verdicts("build-verdicts")
                        .serialize(v, null, 253402300799000L); // 9999-12-31
        assertThat(r.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aNegativeTimeIsLeftToTheBrokerInsteadOfFailingTheSink() {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-5";
        ProducerRecord<byte[], byte[]> r =
                JsonRecordSerializer.verdicts("build-verdicts")
                        .serialize(v, null, Long.MIN_VALUE + 1_500_001);
        assertThat(r.timestamp()).isNull();
    }

    @Test
    void aVerdictOverTheRequestLimitIsClippedAndAnOrdinaryOneIsNot() throws Exception {
        BuildVerdict small = new BuildVerdict();
        small.buildId = "b-3";
        small.evidence = new Evidence[] {new Evidence(3, "npm ERR! code E404")};
        byte[] before = Json.toJsonBytes(small);
        assertThat(JsonRecordSerializer.verdicts("v").serialize(small, null, 0L).value())
                .isEqualTo(before);

        BuildVerdict big = new BuildVerdict();
        big.buildId = "b-4";
        big.evidence = new Evidence[BuildVerdict.MAX_EVIDENCE];
        for (int i = 0; i < big.evidence.length; i++) {
            // control bytes are escaped as \u0001: six bytes of JSON per character
            big.evidence[i] = new Evidence(i + 1, "\u0001".repeat(64 * 1024));
        }
        byte[] value = JsonRecordSerializer.verdicts("v").serialize(big, null, 0L).value();
        assertThat(value.length).isLessThanOrEqualTo(RecordSizeGuard.MAX_VALUE_BYTES);
        assertThat(Json.mapper().readTree(value).get("evidence"))
                .hasSize(BuildVerdict.MAX_EVIDENCE);
    }

    @Test
    void aDeadLetterOverTheLimitLosesItsOriginalBytesNotItsPosition() {
        DeadLetter d =
                new DeadLetter("invalid-json", "x".repeat(2_000_000), "build-logs", "0:7", "b");
        byte[] value = JsonRecordSerializer.deadLetters("d").serialize(d, null, 0L).value();
        assertThat(value.length).isLessThanOrEqualTo(RecordSizeGuard.MAX_VALUE_BYTES);
        assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"position\":\"0:7\"");
    }
}
