package dev.faultline.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongCountsTest {
    @Test
    void agreesWithAHashMapThroughManyResizes() {
        LongCounts counts = new LongCounts();
        Map<Long, Long> expected = new HashMap<>();
        Random r = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long key = r.nextInt(5_000) - 2_500L;
            counts.add(key, 2);
            expected.merge(key, 2L, Long::sum);
        }
        assertThat(counts.size()).isEqualTo(expected.size());
        Map<Long, Long> seen = new HashMap<>();
        counts.forEach(
                (k, v) -> {
                    seen.put(k, v);
                    return 0;
                });
        assertThat(seen).isEqualTo(expected);
        assertThat(counts.get(123_456_789L)).isZero();
    }
}
