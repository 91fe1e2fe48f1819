package dev.faultline.operators.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankerFeaturesTest {
    private static Set<Integer> features(RankerFeatures f, Candidate c, CandidateSet set) {
        FeatureVector v = new FeatureVector();
        f.extract(c, set, v);
        Set<Integer> out = new HashSet<>();
        for (int k = 0; k < v.size(); k++) {
            out.add(v.index(k));
        }
        return out;
    }

    private static CandidateSet set() {
        CandidateSet s = new CandidateSet();
        s.lines = 50;
        s.failedAt = 40;
        s.blockStart = 20;
        return s;
    }

    private static Candidate candidate(long line, String text) {
        Candidate c = new Candidate();
        c.line = line;
        c.text = text;
        c.errorLike = true;
        c.errorScore = 2;
        c.severity = 2;
        c.shapeOrdinal = 0;
        return c;
    }

    @Test
    void wordsAreCaseBlindAndCountedOnce() {
        RankerFeatures f = new RankerFeatures(18);
        assertThat(features(f, candidate(30, "Expected 3 but got 4"), set()))
                .isEqualTo(features(f, candidate(30, "expected 7 BUT GOT 9 but got"), set()));
    }

    @Test
    void whereTheLineStandsMatters() {
        RankerFeatures f = new RankerFeatures(18);
        assertThat(features(f, candidate(39, "boom"), set()))
                .isNotEqualTo(features(f, candidate(10, "boom"), set()));
    }

    @Test
    void leftOutGroupsGiveNoFeatures() {
        Candidate c = candidate(30, "  at com.acme.Cart.total(Cart.java:12)");
        RankerFeatures all = new RankerFeatures(18);
        RankerFeatures none = new RankerFeatures(18, EnumSet.allOf(RankerFeatures.Group.class));
        assertThat(features(none, c, set())).hasSize(1); // only the bias
        assertThat(features(all, c, set()).size()).isGreaterThan(10);
    }

    @Test
    void stackFramesAreRecognised() {
        assertThat(RankerFeatures.isStackFrame("    at Object.<anonymous> (/app/index.js:1:1)", 4))
                .isTrue();
        assertThat(
                        RankerFeatures.isStackFrame(
                                "[error] \tat java.lang.Thread.run(Thread.java:748)", 0))
                .isTrue();
        assertThat(RankerFeatures.isStackFrame("attempting to connect", 0)).isFalse();
        assertThat(RankerFeatures.isStackFrame("[unclosed at x", 0)).isFalse();
    }
}
