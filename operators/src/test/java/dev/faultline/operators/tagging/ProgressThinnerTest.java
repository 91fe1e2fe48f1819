package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.model.TaggedLine;
import org.junit.jupiter.api.Test;

class ProgressThinnerTest {
    private final ProgressThinner thinner = new ProgressThinner();

    private static TaggedLine line(String build, long seq, String ts, String text) {
        TaggedLine t = new TaggedLine();
        t.buildId = build;
        t.seq = seq;
        t.timestamp = ts;
        t.text = text;
        return t;
    }

    @Test
    void forwardsFirstAndInterestingLinesAndDropsTheRest() {
        assertThat(thinner.forward(line("b", 1, "2025-01-01T10:00:00Z", null))).isTrue();
        assertThat(thinner.forward(line("b", 2, "2025-01-01T10:00:01Z", null))).isFalse();
        assertThat(thinner.forward(line("b", 3, "2025-01-01T10:00:02Z", "error TS2322"))).isTrue();
        assertThat(thinner.forward(line("b", 4, "2025-01-01T10:00:03Z", null))).isFalse();
    }

    @Test
    void forwardsAHeartbeatEveryMinuteAndEveryThousandLines() {
        thinner.forward(line("b", 1, "2025-01-01T10:00:00Z", null));
        assertThat(thinner.forward(line("b", 2, "2025-01-01T10:00:59Z", null))).isFalse();
        assertThat(thinner.forward(line("b", 3, "2025-01-01T10:01:00Z", null))).isTrue();
        thinner.forward(line("p", 1, null, null));
        assertThat(thinner.forward(line("p", 1000, null, null))).isFalse();
        assertThat(thinner.forward(line("p", 1001, null, null))).isTrue();
    }
}
