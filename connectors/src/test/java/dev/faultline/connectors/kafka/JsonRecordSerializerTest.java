package dev.faultline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
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
}
