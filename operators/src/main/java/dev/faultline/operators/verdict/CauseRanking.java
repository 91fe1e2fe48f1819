package dev.faultline.operators.verdict;

import dev.faultline.operators.catalog.Severity;
import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.rank.FeatureVector;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.rank.RankerFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Orders a build's candidate lines, most likely cause first: the learned ranker's order, with rules
 * a model must not break. A critical hit (the platform failed, the build was killed) goes first. A
 * line that only says that a step failed ("exited with 1") never goes first while a line that says
 * why exists. And when the ranker puts a signature hit first, the earliest line with a hit of that
 * severity goes first: the first statement of a failure is its cause, later ones of the same kind
 * follow from it (pip's "no matching distribution" after its retries failed to connect). A
 * candidate the ranker throws on is ranked last and counted, never fatal.
 *
 * <p>Not thread-safe (it reuses a feature vector); each subtask's classifier owns one.
 */
final class CauseRanking {
    private final ToDoubleFunction<FeatureVector> scorer;
    private final RankerFeatures features;
    private final FeatureVector scratch = new FeatureVector();
    private long failures;

    CauseRanking(LineRanker ranker) {
        this(ranker.bits(), ranker::score);
    }

    /** With any scorer of the ranker's features (tests: one that throws). */
    CauseRanking(int bits, ToDoubleFunction<FeatureVector> scorer) {
        this.scorer = scorer;
        this.features = new RankerFeatures(bits);
    }

    /** Candidates the ranker could not score so far (cumulative). */
    long failures() {
        return failures;
    }

    /**
     * The candidates, most likely cause first, and which of them are likely enough to cite: the
     * ranker's softmax share of at least {@link #CITE_SHARE}. The first line is always cited.
     */
    static final class Ranked {
        final List<Candidate> lines;
        private final java.util.Set<Candidate> cited;

        Ranked(List<Candidate> lines, java.util.Set<Candidate> cited) {
            this.lines = lines;
            this.cited = cited;
        }

        boolean cited(Candidate c) {
            return c == lines.get(0) || cited.contains(c);
        }
    }

    /**
     * A candidate whose share of the ranker's softmax over the build's candidates is below this is
     * not cited after the cause block: a failure explained by one line gets one, not four lines of
     * noise.
     */
    static final double CITE_SHARE = 0.02;

    Ranked rank(CandidateSet set) {
        List<Candidate> all = set.candidates;
        double[] score = new double[all.size()];
        List<Integer> order = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
            try {
                features.extract(all.get(i), set, scratch);
                score[i] = scorer.applyAsDouble(scratch);
                if (Double.isNaN(score[i])) {
                    throw new ArithmeticException("score is NaN");
                }
            } catch (RuntimeException e) {
                failures++;
                score[i] = Double.NEGATIVE_INFINITY;
            }
        }
        // Among equal scores (or lines the ranker failed on) the stronger hit, then the later line:
        // nearer the failure.
        order.sort(
                Comparator.<Integer>comparingDouble(i -> -score[i])
                        .thenComparingInt(i -> -all.get(i).severity)
                        .thenComparingLong(i -> -all.get(i).line));
        List<Candidate> ranked = new ArrayList<>(order.size());
        for (int i : order) {
            ranked.add(all.get(i));
        }
        java.util.Set<Candidate> cited =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        double max = order.isEmpty() ? 0 : score[order.get(0)];
        double z = 0;
        for (double x : score) {
            z += Double.isInfinite(x) ? 0 : Math.exp(x - max);
        }
        for (int i = 0; i < all.size(); i++) {
            if (!Double.isInfinite(score[i]) && Math.exp(score[i] - max) / z >= CITE_SHARE) {
                cited.add(all.get(i));
            }
        }
        moveFirst(ranked, c -> c.severity >= Severity.CRITICAL.rank);
        if (!ranked.isEmpty() && ranked.get(0).severity == Severity.WARNING.rank) {
            moveFirst(ranked, CauseRanking::saysWhy);
        }
        if (!ranked.isEmpty() && ranked.get(0).severity >= Severity.ERROR.rank) {
            int severity = ranked.get(0).severity;
            Candidate earliest = ranked.get(0);
            for (Candidate c : ranked) {
                if (c.severity == severity && c.line < earliest.line) {
                    earliest = c;
                }
            }
            Candidate first = earliest;
            moveFirst(ranked, c -> c == first);
        }
        return new Ranked(ranked, cited);
    }

    /**
     * A line that states a reason: a hit that states one, or error words on a line no signature
     * calls a mere repeat.
     */
    static boolean saysWhy(Candidate c) {
        return c.severity >= Severity.ERROR.rank || (c.severity == 0 && c.errorScore > 0);
    }

    private static void moveFirst(
            List<Candidate> ranked, java.util.function.Predicate<Candidate> which) {
        for (int i = 0; i < ranked.size(); i++) {
            if (which.test(ranked.get(i))) {
                if (i > 0) {
                    ranked.add(0, ranked.remove(i));
                }
                return;
            }
        }
    }
}
