package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The tagging operator in Flink's harness: what it forwards into per-build state, thinned and not. */
class TagLinesOperatorHarnessTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);

    private static List<TaggedLine> run(boolean thin, LogLine... lines) throws Exception {
        try (OneInputStreamOperatorTestHarness<LineChunk, TaggedLine> harness =
                new OneInputStreamOperatorTestHarness<>(new TagLinesOperator(CATALOG, thin))) {
            harness.open();
            long t = 0;
            for (LogLine line : lines) {
                ++t;
                harness.processElement(LineChunk.of(line, t), t);
            }
            return harness.extractOutputValues();
        }
    }

    private static LogLine line(long seq, String text) {
        return new LogLine("b", seq, "2025-05-29T13:00:0" + (seq % 10) + ".000Z", text);
    }

    @Test
    void thinnedOutputKeepsTheFirstLineAndEveryLineWithSomethingOnIt() throws Exception {
        List<TaggedLine> out = run(true,
                line(1, "Cloning repository..."),
                line(2, "remote: Counting objects: 100% (12/12), done."),
                line(3, "\u001b[32mcompiled 12 modules\u001b[0m"),
                line(4, "Executing user build command: npm run build"),
                line(5, "src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."),
                line(6, "done in 1.2s"));
        assertThat(out).extracting(t -> t.seq).containsExactly(1L, 4L, 5L);
        assertThat(out.get(0).stage).isEqualTo("clone");
        assertThat(out.get(2).hits).isNotNull();
        assertThat(out.get(2).text).contains("error TS2322");
    }

    @Test
    void aChunkComesOutAsOneRecordPerLineAtEachLinesOwnTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<LineChunk, TaggedLine> harness =
                new OneInputStreamOperatorTestHarness<>(new TagLinesOperator(CATALOG, true))) {
            harness.open();
            LogLine[] lines = {
                line(1, "Cloning repository..."),
                line(2, "plain output"),
                line(3, "Executing user build command: npm run build"),
            };
            harness.processElement(new LineChunk("b", lines, new long[] {101, 102, 103}), 103);
            List<StreamRecord<? extends TaggedLine>> out = harness.extractOutputStreamRecords();
            assertThat(out).extracting(r -> r.getValue().seq).containsExactly(1L, 3L);
            assertThat(out).extracting(StreamRecord::getTimestamp).containsExactly(101L, 103L);
        }
    }

    @Test
    void unthinnedOutputForwardsEveryLineButTextOnlyWhereSomethingWasFound() throws Exception {
        List<TaggedLine> out = run(false, line(1, "Cloning repository..."), line(2, "plain output"), line(3, "more output"));
        assertThat(out).extracting(t -> t.seq).containsExactly(1L, 2L, 3L);
        assertThat(out.get(1).text).isNull();
        assertThat(out.get(1).isInteresting()).isFalse();
    }
}
