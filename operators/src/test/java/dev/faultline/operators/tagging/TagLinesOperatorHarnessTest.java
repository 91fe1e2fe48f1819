package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The tagging operator in Flink's harness: what it forwards into per-build state (one signal per
 * chunk, thinned and not) and what it hands to CEP.
 */
class TagLinesOperatorHarnessTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);

    private static OneInputStreamOperatorTestHarness<LineChunk, BuildSignal> harness(boolean thin)
            throws Exception {
        OneInputStreamOperatorTestHarness<LineChunk, BuildSignal> h =
                new OneInputStreamOperatorTestHarness<>(new TagLinesOperator(CATALOG, thin));
        h.open();
        return h;
    }

    /** Every forwarded line, each chunk of one line as a live stream sends it. */
    private static List<TaggedLine> linePerChunk(boolean thin, LogLine... lines) throws Exception {
        try (var h = harness(thin)) {
            long t = 0;
            for (LogLine line : lines) {
                ++t;
                h.processElement(LineChunk.of(line, t), t);
            }
            List<TaggedLine> out = new ArrayList<>();
            for (BuildSignal s : h.extractOutputValues()) {
                assertThat(s.lines).as("a chunk of one line is a signal of one line").hasSize(1);
                out.add(s.lines[0]);
            }
            return out;
        }
    }

    private static LogLine line(long seq, String text) {
        return new LogLine("b", seq, "2025-05-29T13:00:0" + (seq % 10) + ".000Z", text);
    }

    @Test
    void thinnedOutputKeepsTheFirstLineEveryLineWithSomethingOnItAndTheLineAfterACandidate()
            throws Exception {
        List<TaggedLine> out =
                linePerChunk(
                        true,
                        line(1, "Cloning repository..."),
                        line(2, "remote: Counting objects: 100% (12/12), done."),
                        line(3, "\u001b[32mcompiled 12 modules\u001b[0m"),
                        line(4, "Executing user build command: npm run build"),
                        line(
                                5,
                                "src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."),
                        line(6, "   \u001b[31m3 const x: number = 'a';\u001b[0m"),
                        line(7, "done in 1.2s"));
        assertThat(out).extracting(t -> t.seq).containsExactly(1L, 4L, 5L, 6L);
        assertThat(out.get(0).stage).isEqualTo("clone");
        assertThat(out.get(2).hits).isNotNull();
        assertThat(out.get(2).text).contains("error TS2322");
        // The line after a candidate may complete it: it crosses as context, shown as on a
        // terminal.
        assertThat(out.get(3).isInteresting()).isFalse();
        assertThat(out.get(3).context).isEqualTo("   3 const x: number = 'a';");
        assertThat(out.get(3).emphasized).isTrue();
    }

    @Test
    void unthinnedOutputForwardsEveryLineButTextOnlyWhereSomethingWasFound() throws Exception {
        List<TaggedLine> out =
                linePerChunk(
                        false,
                        line(1, "Cloning repository..."),
                        line(2, "plain output"),
                        line(3, "more output"));
        assertThat(out).extracting(t -> t.seq).containsExactly(1L, 2L, 3L);
        assertThat(out.get(1).text).isNull();
        assertThat(out.get(1).isInteresting()).isFalse();
        assertThat(out.get(1).context)
                .as("per-build state keeps the failing step's last lines")
                .isEqualTo("plain output");
    }

    @Test
    void aChunkIsOneSignalWhoseLinesKeepTheirOwnTimes() throws Exception {
        try (var h = harness(true)) {
            LogLine[] lines = {
                line(1, "Cloning repository..."),
                line(2, "plain output"),
                line(3, "Executing user build command: npm run build"),
            };
            h.processElement(new LineChunk("b", lines, new long[] {101, 102, 103}), 103);
            List<StreamRecord<? extends BuildSignal>> out = h.extractOutputStreamRecords();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getTimestamp()).isEqualTo(103L);
            BuildSignal signal = out.get(0).getValue();
            assertThat(signal.buildId).isEqualTo("b");
            assertThat(signal.logEnd).isNull();
            assertThat(signal.lines).extracting(l -> l.seq).containsExactly(1L, 3L);
            assertThat(signal.lines).extracting(l -> l.eventTime).containsExactly(101L, 103L);
        }
    }

    @Test
    void theEndOfTheLogRidesWithTheLastLinesAtTheChunksOwnTime() throws Exception {
        try (var h = harness(true)) {
            h.processElement(
                    new LineChunk(
                            "b", new LogLine[] {line(1, "Cloning repository...")}, new long[] {10}),
                    10);
            LineChunk last =
                    new LineChunk("b", new LogLine[] {line(2, "plain output")}, new long[] {11});
            last.end = new LogEnd("b", 2, null);
            h.processElement(last, 12);
            List<StreamRecord<? extends BuildSignal>> out = h.extractOutputStreamRecords();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).getValue().logEnd).isNull();
            // Line 2 has nothing on it, but it is among the last lines of a log with no failing
            // step: it goes out with the end, as context, at the end's tick.
            BuildSignal end = out.get(1).getValue();
            assertThat(end.lines).extracting(l -> l.seq).containsExactly(2L);
            assertThat(end.lines[0].context).isEqualTo("plain output");
            assertThat(end.logEnd.lines).isEqualTo(2L);
            assertThat(out.get(1).getTimestamp()).isEqualTo(12L);
        }
    }

    /** The signal tagging makes of one chunk holding {@code lines}, ended when {@code end}. */
    private static BuildSignal signalOf(boolean thin, boolean end, LogLine... lines)
            throws Exception {
        try (var h = harness(thin)) {
            long[] times = new long[lines.length];
            for (int i = 0; i < lines.length; i++) {
                times[i] = lines[i].seq;
            }
            LineChunk chunk = new LineChunk("b", lines, times);
            if (end) {
                chunk.end = new LogEnd("b", lines[lines.length - 1].seq, null);
            }
            h.processElement(chunk, lines[lines.length - 1].seq + 1);
            List<BuildSignal> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            return out.get(0);
        }
    }

    @Test
    void aWholeLogWithNoLineForCepIsMarkedWhole() throws Exception {
        LogLine[] log = {
            line(1, "Cloning repository..."),
            line(2, "Executing user build command: npm run build"),
            line(3, "npm ERR! Missing script: \"build\"")
        };
        assertThat(signalOf(true, true, log).wholeLog).isTrue();
        // Not the whole log: it does not end here, or it began in an earlier chunk.
        assertThat(signalOf(true, false, log).wholeLog).isFalse();
        assertThat(signalOf(true, true, line(2, "npm ERR! Missing script: \"build\"")).wholeLog)
                .isFalse();
        // A live chunk is never marked: the live job decides nothing on arrival.
        assertThat(signalOf(false, true, log).wholeLog).isFalse();
    }

    @Test
    void aWholeLogWithALineForCepIsNotMarkedWhole() throws Exception {
        // A CEP match for it may still be on its way to per-build state.
        BuildSignal signal =
                signalOf(
                        true,
                        true,
                        line(1, "vite v5.0.0 building for production..."),
                        line(2, "[vite]: Rollup failed: Could not resolve \"./App\""));
        assertThat(signal.logEnd).isNotNull();
        assertThat(signal.wholeLog).isFalse();
    }

    @Test
    void linesWithSequenceStepsAlsoGoToCepAtTheirOwnTimeAndNothingIsHeldBack() throws Exception {
        try (var h = harness(true)) {
            LogLine[] lines = {
                line(1, "vite v5.0.0 building for production..."),
                line(2, "plain output"),
                line(3, "[vite]: Rollup failed: Could not resolve \"./App\" from \"src/main.ts\""),
            };
            h.processElement(new LineChunk("b", lines, new long[] {1, 2, 3}), 3);
            h.processWatermark(new Watermark(3));
            assertThat(h.getSideOutput(TagLinesOperator.STEP_LINES))
                    .extracting(r -> r.getValue().seq + "@" + r.getTimestamp())
                    .containsExactly("1@1", "3@3");
            // The signal came out with the chunk, before the watermark behind it.
            List<Object> all = new ArrayList<>(h.getOutput());
            assertThat(all.get(0)).isInstanceOf(StreamRecord.class);
            assertThat(all.get(all.size() - 1)).isEqualTo(new Watermark(3));
        }
    }

    @Test
    void aLiveChunkDropsItsBlankLinesButKeepsItsFirstAndLastForCountsAndTimes() throws Exception {
        try (var h = harness(false)) {
            LogLine[] lines = {
                line(1, ""),
                line(2, "Executing user build command: npm run build"),
                line(3, "   "),
                line(4, "\u001b[0m"),
                line(5, "done in 1.2s"),
                line(6, "")
            };
            long[] times = {1, 2, 3, 4, 5, 6};
            h.processElement(new LineChunk("b", lines, times), 6);
            List<TaggedLine> out = new ArrayList<>();
            for (BuildSignal s : h.extractOutputValues()) {
                out.addAll(List.of(s.lines));
            }
            assertThat(out).extracting(t -> t.seq).containsExactly(1L, 2L, 5L, 6L);
            assertThat(out.get(3).eventTime).isEqualTo(6L);
        }
    }
}
