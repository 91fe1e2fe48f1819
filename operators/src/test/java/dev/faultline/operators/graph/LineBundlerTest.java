package dev.faultline.operators.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.model.LineChunk;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The live stream's bundling in Flink's harness: a build's consecutive lines leave together, in
 * order, with their own times, and always before the watermark or checkpoint barrier that follows
 * them; nothing stays behind in the operator.
 */
class LineBundlerTest {

    private static OneInputStreamOperatorTestHarness<LogLine, LineChunk> harness()
            throws Exception {
        OneInputStreamOperatorTestHarness<LogLine, LineChunk> h =
                new OneInputStreamOperatorTestHarness<>(new LineBundler());
        h.open();
        return h;
    }

    private static LogLine line(String build, long seq) {
        return new LogLine(build, seq, null, "line " + seq);
    }

    /** What left the operator: chunks as "build:seq,seq@time,time" and watermarks as "wm:T". */
    private static List<String> output(OneInputStreamOperatorTestHarness<LogLine, LineChunk> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark) {
                out.add("wm:" + ((Watermark) o).getTimestamp());
            } else {
                @SuppressWarnings("unchecked")
                StreamRecord<LineChunk> r = (StreamRecord<LineChunk>) o;
                LineChunk c = r.getValue();
                StringBuilder s = new StringBuilder(c.buildId).append(':');
                s.append(
                        String.join(
                                ",",
                                Arrays.stream(c.lines).map(l -> Long.toString(l.seq)).toList()));
                s.append('@').append(r.getTimestamp());
                out.add(s.toString());
            }
        }
        return out;
    }

    @Test
    void aWatermarkFlushesEveryBuildsLinesAheadOfIt() throws Exception {
        try (var h = harness()) {
            h.processElement(line("a", 1), 10);
            h.processElement(line("b", 1), 11);
            h.processElement(line("a", 2), 12);
            h.processElement(line("a", 3), 13);
            assertThat(h.getOutput()).isEmpty();
            h.processWatermark(new Watermark(12));
            assertThat(output(h)).containsExactly("a:1,2,3@13", "b:1@11", "wm:12");
            LineChunk a = (LineChunk) h.extractOutputValues().get(0);
            assertThat(a.eventTimes).containsExactly(10L, 12L, 13L);
        }
    }

    @Test
    void aCheckpointBarrierFindsNothingHeldBack() throws Exception {
        try (var h = harness()) {
            h.processElement(line("a", 1), 10);
            h.prepareSnapshotPreBarrier(1);
            assertThat(output(h)).containsExactly("a:1@10");
        }
    }

    @Test
    void aQuietStreamFlushesAfterTheDelay() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement(line("a", 1), 10);
            h.setProcessingTime(LineBundler.MAX_DELAY_MS - 1);
            assertThat(h.getOutput()).isEmpty();
            h.setProcessingTime(LineBundler.MAX_DELAY_MS);
            assertThat(output(h)).containsExactly("a:1@10");
        }
    }

    @Test
    void aFullBundleLeavesAtOnceAndTheEndOfInputFlushesTheRest() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= LineBundler.MAX_LINES + 1; i++) {
                h.processElement(line("a", i), i);
            }
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(((LineChunk) h.extractOutputValues().get(0)).lines)
                    .hasSize(LineBundler.MAX_LINES);
            h.endInput();
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(((LineChunk) h.extractOutputValues().get(1)).lines[0].seq)
                    .isEqualTo(LineBundler.MAX_LINES + 1);
        }
    }
}
