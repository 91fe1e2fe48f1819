package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.TaggedLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** What crosses the key-by: a build's consecutive lines as one signal, never held past a watermark or barrier. */
class LineBatcherHarnessTest {
    private static TaggedLine line(String build, long seq) {
        TaggedLine t = new TaggedLine();
        t.buildId = build;
        t.seq = seq;
        return t;
    }

    private static OneInputStreamOperatorTestHarness<TaggedLine, BuildSignal> harness(int maxLines) throws Exception {
        OneInputStreamOperatorTestHarness<TaggedLine, BuildSignal> h =
                new OneInputStreamOperatorTestHarness<>(new LineBatcher(maxLines));
        h.open();
        return h;
    }

    /** The output in order: "a:1,2@12" for a batch, "W15" for a watermark. */
    private static List<String> output(OneInputStreamOperatorTestHarness<TaggedLine, BuildSignal> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark w) {
                out.add("W" + w.getTimestamp());
            } else if (o instanceof StreamRecord<?> r) {
                BuildSignal s = (BuildSignal) r.getValue();
                StringBuilder b = new StringBuilder(s.buildId).append(':');
                for (int i = 0; i < s.lines.length; i++) {
                    b.append(i == 0 ? "" : ",").append(s.lines[i].seq);
                }
                out.add(b.append('@').append(r.getTimestamp()).toString());
            }
        }
        return out;
    }

    @Test
    void consecutiveLinesOfABuildBecomeOneSignalUntilTheBuildChanges() throws Exception {
        try (var h = harness(256)) {
            h.processElement(line("a", 1), 11);
            h.processElement(line("a", 2), 12);
            h.processElement(line("b", 1), 13);
            h.endInput();
            assertThat(output(h)).containsExactly("a:1,2@12", "b:1@13");
            BuildSignal first = (BuildSignal) ((StreamRecord<?>) h.getOutput().peek()).getValue();
            assertThat(first.lines).extracting(l -> l.eventTime).containsExactly(11L, 12L);
        }
    }

    @Test
    void nothingIsHeldPastAWatermarkABarrierOrTheBatchSize() throws Exception {
        try (var h = harness(2)) {
            h.processElement(line("a", 1), 1);
            h.processWatermark(new Watermark(1));
            h.processElement(line("a", 2), 2);
            h.prepareSnapshotPreBarrier(1);
            h.processElement(line("a", 3), 3);
            h.processElement(line("a", 4), 4);
            h.processElement(line("a", 5), 5);
            assertThat(output(h)).containsExactly("a:1@1", "W1", "a:2@2", "a:3,4@4");
            h.endInput();
            assertThat(output(h)).endsWith("a:5@5");
        }
    }

    @Test
    void withOneLinePerBatchEveryLineGoesOutAtOnce() throws Exception {
        try (var h = harness(1)) {
            h.processElement(line("a", 1), 1);
            h.processElement(line("a", 2), 2);
            assertThat(output(h)).containsExactly("a:1@1", "a:2@2");
        }
    }
}
