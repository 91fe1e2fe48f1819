package dev.faultline.operators.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineRankerTest {
    private static Candidate line(long n, String text, int severity, int errorScore) {
        Candidate c = new Candidate();
        c.line = n;
        c.text = text;
        c.severity = severity;
        c.errorScore = errorScore;
        c.errorLike = severity > 0 || errorScore > 0;
        c.shapeOrdinal = c.errorLike ? 0 : -1;
        return c;
    }

    /**
     * Builds whose cause is always the line saying "expected … but got …", among noise and a line
     * that only says the command failed: what a test runner prints.
     */
    private static List<ListwiseTrainer.Example> examples(int n) {
        List<ListwiseTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CandidateSet set = new CandidateSet();
            set.buildId = "b" + i;
            set.lines = 100;
            set.failedAt = 90;
            set.candidates.add(line(10, "Downloading dependency " + i, 0, 0));
            set.candidates.add(line(40 + i % 30, "expected " + i + " but got " + (i + 1), 0, 1));
            set.candidates.add(line(80, "warning: deprecated option " + i, 0, 1));
            set.candidates.add(line(90, "The command \"make test\" exited with 2.", 1, 1));
            boolean[] cause = {false, true, false, false};
            out.add(new ListwiseTrainer.Example(set, cause));
        }
        return out;
    }

    private static Candidate best(LineRanker ranker, CandidateSet set) {
        RankerFeatures f = new RankerFeatures(ranker.bits());
        FeatureVector v = new FeatureVector();
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate c : set.candidates) {
            f.extract(c, set, v);
            double s = ranker.score(v);
            if (s > bestScore) {
                best = c;
                bestScore = s;
            }
        }
        return best;
    }

    @Test
    void trainingLearnsWhichLineStatesTheCause() {
        LineRanker ranker = ListwiseTrainer.train(examples(60), new ListwiseTrainer.Params());
        CandidateSet unseen = examples(61).get(60).set;
        assertThat(best(ranker, unseen).text).startsWith("expected");
    }

    @Test
    void theSameDataGiveTheSameModelByteForByte() {
        ListwiseTrainer.Params p = new ListwiseTrainer.Params();
        byte[] a = ListwiseTrainer.train(examples(30), p).toJson(null);
        byte[] b = ListwiseTrainer.train(examples(30), p).toJson(null);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aModelReadBackScoresAsItWasWritten() {
        LineRanker ranker = ListwiseTrainer.train(examples(30), new ListwiseTrainer.Params());
        LineRanker read = LineRanker.parse(ranker.toJson(null), "test");
        CandidateSet set = examples(1).get(0).set;
        RankerFeatures f = new RankerFeatures(ranker.bits());
        FeatureVector v = new FeatureVector();
        for (Candidate c : set.candidates) {
            f.extract(c, set, v);
            assertThat(read.score(v))
                    .isCloseTo(ranker.score(v), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(read.size()).isEqualTo(ranker.size());
    }

    @Test
    void theShippedModelLoadsAndIsSmall() {
        LineRanker ranker = LineRanker.loadDefault();
        assertThat(ranker.size()).isBetween(100, 50_000);
        assertThat(ranker.source()).contains(LineRanker.DEFAULT_RESOURCE);
    }

    @Test
    void brokenModelsAreRefusedWithTheirReason() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"format\": \"faultline-line-ranker\", \"version\": 1, \"weights\": {"))
                .isInstanceOf(RankerException.class)
                .hasMessageContaining("m.json")
                .hasMessageContaining("cut-off JSON");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse(model(2, 18, "\"1\": 1")))
                .hasMessageContaining("unsupported model version");
        assertThatThrownBy(() -> parse(model(1, 30, "\"1\": 1")))
                .hasMessageContaining("hashBits must be 8..24");
        assertThatThrownBy(() -> parse(model(1, 10, "\"5000\": 1")))
                .hasMessageContaining("outside 2^10");
        assertThatThrownBy(() -> parse(model(1, 18, "\"a\": 1")))
                .hasMessageContaining("not a feature index");
        assertThatThrownBy(() -> parse(model(1, 18, ""))).hasMessageContaining("has no weights");
        assertThatThrownBy(() -> parse(model(1, 18, "\"1\": null")))
                .hasMessageContaining("not a finite number");
    }

    private static String model(int version, int bits, String weights) {
        return "{\"format\": \"faultline-line-ranker\", \"version\": "
                + version
                + ", \"featureSet\": "
                + RankerFeatures.FEATURE_SET
                + ", \"hashBits\": "
                + bits
                + ", \"weights\": {"
                + weights
                + "}}";
    }

    private static LineRanker parse(String json) {
        return LineRanker.parse(json.getBytes(StandardCharsets.UTF_8), "m.json");
    }
}
