package dev.faultline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What of a receiver's answer reaches a log line or dead letter: little, and no secret. */
class AlertDeliveryTest {
    private static final String KEY = StrictPagerDuty.ROUTING_KEY;

    /** Where a secret starts that runs past the kept characters. */
    private static final int DETAIL_START = AlertDelivery.DETAIL_CHARS - 20;

    private static AlertDelivery delivery() {
        return new AlertDelivery(
                new PagerDutyReceiver("https://events.pagerduty.com/v2/enqueue", KEY, false, false),
                1,
                Duration.ofMinutes(1),
                Duration.ofSeconds(10));
    }

    @Test
    void aShortAnswerIsKeptWholeOnOneLine() {
        assertThat(delivery().clip("{\"status\":\"error\",\n  \"message\": \"try again\"}"))
                .isEqualTo("{\"status\":\"error\", \"message\": \"try again\"}");
    }

    @Test
    void aLongAnswerIsCutAndASecretAcrossTheCutIsRedactedWhole() {
        String body = "x".repeat(DETAIL_START) + " routing_key " + KEY + " " + "y".repeat(5000);
        String detail = delivery().clip(body);
        assertThat(detail).hasSizeLessThanOrEqualTo(AlertDelivery.DETAIL_CHARS + 1).endsWith("…");
        // not even the key's first characters, which alone the scrubber would not recognise
        assertThat(detail).doesNotContain(KEY.substring(0, 6));
    }

    @Test
    void aHugeHostileAnswerCostsNoMoreThanItsWindow() {
        // 64 KiB (what is read of a body at most) of a run that once made the scrubber cubic
        String body = "token".repeat(BoundedBody.MAX_BYTES / 5);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AlertDelivery d = delivery();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = threads.getCurrentThreadCpuTime();
            String detail = d.clip(body);
            best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
            assertThat(detail).hasSizeLessThanOrEqualTo(AlertDelivery.DETAIL_CHARS + 1);
        }
        assertThat(best / 1_000_000).isLessThan(50);
    }
}
