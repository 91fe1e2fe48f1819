package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void agreesWithInstantParseOnManyInstants() {
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long ms = (long) (r.nextDouble() * 4_000_000_000_000L);
            String iso = Instant.ofEpochMilli(ms).toString();
            assertThat(Timestamps.parseMillis(iso)).as(iso).isEqualTo(ms);
        }
        assertThat(Timestamps.parseMillis("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z").toEpochMilli());
        assertThat(Timestamps.parseMillis("2025-05-29T13:00:01.1Z"))
                .isEqualTo(Instant.parse("2025-05-29T13:00:01.100Z").toEpochMilli());
    }

    @Test
    void rejectsWhatIsNotATimestampAndFallsBackForOtherShapes() {
        assertThat(Timestamps.parseMillis(null)).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parseMillis("2025-02-30T00:00:00Z")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parseMillis("not a time at all")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parseMillis("2025-05-29T13:00:01+02:00"))
                .isEqualTo(Instant.parse("2025-05-29T11:00:01Z").toEpochMilli());
    }
}
