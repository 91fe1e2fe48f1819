package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.CauseContext;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the backfill sends across the key-by besides the lines with something on them: the failing
 * step's last lines (at its failing end, or at the log's end) and the line after each candidate,
 * nothing more.
 */
class ContextWindowTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);
    private final LineTagger tagger = new LineTagger(CATALOG);
    private final ProgressThinner thinner = new ProgressThinner();
    private final ContextWindow window = new ContextWindow();

    /**
     * Feeds the lines of one log as a backfill would and returns what crossed, in the order sent.
     */
    private List<TaggedLine> read(String build, List<String> lines, boolean end) {
        List<TaggedLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LogLine l = new LogLine(build, i + 1, null, lines.get(i));
            TaggedLine t = tagger.tag(l);
            window.accept(l, t, thinner.forward(t), out);
        }
        if (end) {
            window.endOfLog(out);
        }
        return out;
    }

    private static List<String> plain(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("output " + i);
        }
        return out;
    }

    @Test
    void theFailingStepsLastLinesGoOutAtItsEndAndNothingAfterIt() {
        List<String> log = new ArrayList<>(plain(1, 99));
        log.add("Failed: build command exited with code: 1"); // line 100: the failing end
        log.addAll(plain(101, 110));
        List<TaggedLine> out = read("b", log, true);
        List<Long> context =
                out.stream().filter(t -> t.context != null).map(t -> t.seq).sorted().toList();
        // The build's first line (the thinner always sends it, with its text), the 40 before the
        // failing end, and the line after that end, which is itself a candidate ("exited with
        // code").
        List<Long> expected = new ArrayList<>();
        expected.add(1L);
        for (long seq = 100 - CauseContext.TAIL_LINES; seq < 100; seq++) {
            expected.add(seq);
        }
        expected.add(101L);
        assertThat(context).containsExactlyElementsOf(expected);
        assertThat(out.stream().filter(t -> t.seq == 60).findFirst().get().context)
                .isEqualTo("output 60");
        assertThat(window.takeReordered()).isTrue();
    }

    @Test
    void aLogWithoutAFailingEndSendsItsLastLinesAtItsEnd() {
        List<TaggedLine> out = read("b", plain(1, 60), true);
        assertThat(
                        out.stream()
                                .filter(t -> t.context != null && t.seq > 1)
                                .map(t -> t.seq)
                                .toList())
                .hasSize(CauseContext.TAIL_LINES)
                .allSatisfy(seq -> assertThat(seq).isGreaterThan(60L - CauseContext.TAIL_LINES));
    }

    @Test
    void aLogThatEndedInSuccessSendsNoTail() {
        List<String> log = new ArrayList<>(plain(1, 60));
        log.add("Success: Build command completed");
        assertThat(read("b", log, true))
                .filteredOn(t -> t.context != null)
                .extracting(t -> t.seq)
                .containsExactly(1L);
    }

    @Test
    void theLineAfterACandidateGoesOutAtOnceBlanksAndThinnedLinesDoNot() {
        List<String> log =
                List.of(
                        "output 1",
                        "npm ERR! Missing script: \"build\"",
                        "",
                        "   did you mean build:prod?",
                        "output 5",
                        "output 6");
        List<TaggedLine> out = read("b", log, false);
        assertThat(out).extracting(t -> t.seq).containsExactly(1L, 2L, 4L);
        assertThat(out.get(2).context).isEqualTo("   did you mean build:prod?");
    }

    @Test
    void eachLogHasItsOwnWindow() {
        read("a", plain(1, 30), false); // never ended: its tail is not sent with another build's
        List<TaggedLine> out = read("b", plain(1, 5), true);
        assertThat(out).allMatch(t -> t.buildId.equals("b"));
        assertThat(out.stream().filter(t -> t.context != null).count()).isEqualTo(5);
    }
}
