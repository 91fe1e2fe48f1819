package dev.faultline.operators.rank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits a {@link LineRanker} to labelled builds with a listwise loss: for each build, a softmax over
 * its candidates' scores, and the loss is minus the log of the probability that lands on the lines
 * a person marked as the cause. That asks for what the verdict needs, the cause ranked first among
 * the build's own lines; pointwise or pairwise logistic losses (what Tribuo and liblinear offer)
 * answer another question, and scored lower in repository-wise cross-validation
 * (docs/performance.md).
 *
 * <p>AdaGrad with L2 regularisation on the features a build touches, builds in a shuffled order
 * fixed by the seed: the same data and parameters give the same model, byte for byte.
 */
public final class ListwiseTrainer {
    /** Training parameters; the defaults are the ones the shipped model was trained with. */
    public static final class Params {
        public int hashBits = 18;
        public int epochs = 15;
        public double learningRate = 0.03;
        public double l2 = 1e-3;
        public long seed = 1;

        /** Feature groups left out (to measure what each buys); none for a real model. */
        public java.util.Set<RankerFeatures.Group> without =
                java.util.EnumSet.noneOf(RankerFeatures.Group.class);
    }

    /** One labelled build: its candidates and which of them lie in the cause. */
    public static final class Example {
        final CandidateSet set;
        final boolean[] cause;

        public Example(CandidateSet set, boolean[] cause) {
            if (cause.length != set.candidates.size()) {
                throw new IllegalArgumentException("one label per candidate");
            }
            this.set = set;
            this.cause = cause;
        }
    }

    private ListwiseTrainer() {}

    public static LineRanker train(List<Example> examples, Params p) {
        RankerFeatures features = new RankerFeatures(p.hashBits, p.without);
        List<FeatureVector[]> groups = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        FeatureVector scratch = new FeatureVector();
        for (Example e : examples) {
            boolean any = false;
            for (boolean b : e.cause) {
                any |= b;
            }
            if (!any) {
                continue; // nothing to learn: the cause is not among the candidates
            }
            FeatureVector[] g = new FeatureVector[e.set.candidates.size()];
            for (int i = 0; i < g.length; i++) {
                features.extract(e.set.candidates.get(i), e.set, scratch);
                g[i] = scratch.copy();
            }
            groups.add(g);
            labels.add(e.cause);
        }
        int size = 1 << p.hashBits;
        double[] w = new double[size];
        double[] g2 = new double[size];
        java.util.Arrays.fill(g2, 1e-8);
        double[] grad = new double[size];
        int[] touched = new int[size];
        boolean[] isTouched = new boolean[size];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            order.add(i);
        }
        Random random = new Random(p.seed);
        for (int epoch = 0; epoch < p.epochs; epoch++) {
            Collections.shuffle(order, random);
            for (int gi : order) {
                FeatureVector[] g = groups.get(gi);
                boolean[] y = labels.get(gi);
                double[] prob = new double[g.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < g.length; i++) {
                    prob[i] = dot(w, g[i]);
                    max = Math.max(max, prob[i]);
                }
                double z = 0;
                for (int i = 0; i < g.length; i++) {
                    prob[i] = Math.exp(prob[i] - max);
                    z += prob[i];
                }
                double pos = 0;
                for (int i = 0; i < g.length; i++) {
                    prob[i] /= z;
                    pos += y[i] ? prob[i] : 0;
                }
                // d(-log sum_{cause} p)/d score_i = p_i - (cause_i ? p_i / P(cause) : 0)
                int nTouched = 0;
                for (int i = 0; i < g.length; i++) {
                    double coef = prob[i] - (y[i] ? prob[i] / pos : 0);
                    if (Math.abs(coef) < 1e-9) {
                        continue;
                    }
                    FeatureVector f = g[i];
                    for (int k = 0; k < f.size(); k++) {
                        int j = f.index(k);
                        if (!isTouched[j]) {
                            isTouched[j] = true;
                            touched[nTouched++] = j;
                        }
                        grad[j] += coef * f.value(k);
                    }
                }
                for (int t = 0; t < nTouched; t++) {
                    int j = touched[t];
                    double gj = grad[j] + p.l2 * w[j];
                    g2[j] += gj * gj;
                    w[j] -= p.learningRate * gj / Math.sqrt(g2[j]);
                    grad[j] = 0;
                    isTouched[j] = false;
                }
            }
        }
        return LineRanker.fromDense(p.hashBits, w, 1e-6, "trained");
    }

    private static double dot(double[] w, FeatureVector f) {
        double s = 0;
        for (int k = 0; k < f.size(); k++) {
            s += w[f.index(k)] * f.value(k);
        }
        return s;
    }
}
