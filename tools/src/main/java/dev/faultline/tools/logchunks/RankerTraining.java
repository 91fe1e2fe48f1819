package dev.faultline.tools.logchunks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.rank.Candidate;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.rank.ListwiseTrainer;
import dev.faultline.operators.rank.RankerFeatures;
import dev.faultline.schemas.Json;
import dev.faultline.tools.logchunks.LogChunksEvaluation.Label;
import dev.faultline.tools.logchunks.LogChunksEvaluation.Score;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Trains the line ranker on a LogChunks-style data set ({@code train-ranker}) and measures it
 * honestly ({@code evaluate-logchunks --folds K}): the data set is split by repository, and each
 * fold's logs are ranked by a model trained on the other folds only, so no log is scored by a model
 * that saw its project.
 *
 * <p>Candidates come from a real backfill of the data set (the job's own candidate sets, see {@link
 * GraphOptions#emitCandidateSets}); which lines are candidates does not depend on the model, so one
 * backfill serves every fold. Each fold is then scored by a backfill with that fold's model.
 */
public final class RankerTraining {
    private RankerTraining() {}

    /** Trains on every labelled log of {@code dataset}; writes the model to {@code model}. */
    public static LineRanker train(Path dataset, Path work, Path model, Backfill backfill)
            throws Exception {
        List<Label> labels = LogChunksEvaluation.readLabels(dataset.resolve("labels.jsonl"));
        Path sets = candidateSets(dataset, work, backfill);
        ListwiseTrainer.Params params = new ListwiseTrainer.Params();
        List<ListwiseTrainer.Example> examples = examples(sets, labels, l -> true);
        LineRanker ranker = ListwiseTrainer.train(examples, params);
        Files.write(model, ranker.toJson(info(params, dataset, labels, examples.size())));
        return ranker;
    }

    /** Per fold and pooled scores of repository-wise cross-validation. */
    public static final class CrossValidation {
        public final Map<Integer, Score> folds = new TreeMap<>();
        public final Map<Integer, Integer> reposPerFold = new TreeMap<>();
        public final Score pooled = new Score();

        /** Feature groups the models were trained without (an ablation), or none. */
        public java.util.Set<RankerFeatures.Group> without = java.util.Set.of();

        public String toTable() {
            StringBuilder b = new StringBuilder();
            b.append(
                    String.format(
                            "LogChunks, %d-fold cross-validation by repository (each fold ranked by a model"
                                    + " trained on the other folds)%s%n",
                            folds.size(),
                            without.isEmpty() ? "" : ", features without " + without));
            b.append(
                    String.format(
                            "  %-7s %5s %5s %7s %7s %7s %7s%n",
                            "fold", "repos", "logs", "top1", "top3", "any", "median"));
            folds.forEach((k, s) -> b.append(row("fold " + (k + 1), reposPerFold.get(k), s)));
            b.append(
                    row(
                            "pooled",
                            reposPerFold.values().stream().mapToInt(Integer::intValue).sum(),
                            pooled));
            b.append(pooled.languageTable());
            return b.toString();
        }

        private static String row(String name, int repos, Score s) {
            return String.format(
                    "  %-7s %5d %5d %6.1f%% %6.1f%% %6.1f%% %7.1f%n",
                    name,
                    repos,
                    s.logs,
                    s.pct(s.top1),
                    s.pct(s.top3),
                    s.pct(s.anyEvidence),
                    s.medianEvidence());
        }
    }

    /**
     * Cross-validates the ranker over {@code k} folds by repository; each fold's model and verdicts
     * are kept under {@code work/fold-N}.
     */
    public static CrossValidation crossValidate(
            Path dataset,
            Path work,
            int k,
            java.util.Set<RankerFeatures.Group> without,
            Backfill backfill)
            throws Exception {
        List<Label> labels = LogChunksEvaluation.readLabels(dataset.resolve("labels.jsonl"));
        Map<String, Integer> fold = folds(labels, k);
        Path sets = candidateSets(dataset, work, backfill);
        CrossValidation cv = new CrossValidation();
        cv.without = without;
        ListwiseTrainer.Params params = new ListwiseTrainer.Params();
        params.without = without;
        for (int f = 0; f < k; f++) {
            int held = f;
            List<ListwiseTrainer.Example> training =
                    examples(sets, labels, l -> fold.get(l.repo) != held);
            LineRanker model = ListwiseTrainer.train(training, params);
            Path dir = Files.createDirectories(work.resolve("fold-" + (f + 1)));
            Files.write(
                    dir.resolve("ranker.json"),
                    model.toJson(info(params, dataset, labels, training.size())));
            backfill.run(dataset, dir, model, GraphOptions.backfill());
            List<Label> test = new ArrayList<>();
            for (Label l : labels) {
                if (fold.get(l.repo) == held) {
                    test.add(l);
                }
            }
            Score s =
                    LogChunksEvaluation.score(
                            test, LogChunksEvaluation.readVerdicts(dir.resolve("verdicts.jsonl")));
            cv.folds.put(f, s);
            cv.reposPerFold.put(f, (int) test.stream().map(l -> l.repo).distinct().count());
            cv.pooled.add(s);
        }
        return cv;
    }

    /**
     * Repository-wise folds: repositories from the most logs to the fewest, each to the fold with
     * the fewest logs so far (ties: the lower fold), so folds are near equal in size and
     * deterministic.
     */
    static Map<String, Integer> folds(List<Label> labels, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("--folds must be at least 2");
        }
        Map<String, Integer> perRepo = new TreeMap<>();
        labels.forEach(l -> perRepo.merge(l.repo, 1, Integer::sum));
        if (perRepo.size() < k) {
            throw new IllegalArgumentException(
                    "--folds "
                            + k
                            + " needs at least "
                            + k
                            + " repositories, the data set has "
                            + perRepo.size());
        }
        List<Map.Entry<String, Integer>> repos = new ArrayList<>(perRepo.entrySet());
        repos.sort(
                (a, b) ->
                        a.getValue().equals(b.getValue())
                                ? a.getKey().compareTo(b.getKey())
                                : b.getValue() - a.getValue());
        int[] size = new int[k];
        Map<String, Integer> fold = new HashMap<>();
        for (Map.Entry<String, Integer> r : repos) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (size[f] < size[best]) {
                    best = f;
                }
            }
            fold.put(r.getKey(), best);
            size[best] += r.getValue();
        }
        return fold;
    }

    /** Backfills the data set once, emitting every build's candidate cause lines. */
    private static Path candidateSets(Path dataset, Path work, Backfill backfill) throws Exception {
        Path dir = Files.createDirectories(work.resolve("candidates"));
        backfill.run(
                dataset,
                dir,
                LineRanker.loadDefault(),
                GraphOptions.backfill().withCandidateSets());
        return dir.resolve("candidate-sets.jsonl");
    }

    /**
     * The labelled builds {@code include} accepts, each candidate marked by whether it lies in the
     * cause.
     */
    static List<ListwiseTrainer.Example> examples(
            Path candidateSets, List<Label> labels, Predicate<Label> include) throws IOException {
        Map<String, Label> byBuild = new LinkedHashMap<>();
        labels.forEach(l -> byBuild.put(l.build, l));
        Map<String, CandidateSet> sets = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(candidateSets, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    CandidateSet set = Json.mapper().readValue(line, CandidateSet.class);
                    sets.put(set.buildId, set);
                }
            }
        }
        List<ListwiseTrainer.Example> out = new ArrayList<>();
        // In label order, so the training order does not depend on how the backfill's subtasks
        // interleaved.
        for (Label label : byBuild.values()) {
            CandidateSet set = sets.get(label.build);
            if (set == null || !include.test(label)) {
                continue;
            }
            boolean[] cause = new boolean[set.candidates.size()];
            for (int i = 0; i < cause.length; i++) {
                Candidate c = set.candidates.get(i);
                cause[i] = label.contains(c.line);
            }
            out.add(new ListwiseTrainer.Example(set, cause));
        }
        return out;
    }

    private static ObjectNode info(
            ListwiseTrainer.Params p, Path dataset, List<Label> labels, int examples) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("loss", "listwise softmax");
        n.put(
                "dataset",
                dataset.getFileName() == null
                        ? dataset.toString()
                        : dataset.getFileName().toString());
        n.put("labelledLogs", labels.size());
        n.put("logsTrainedOn", examples);
        n.put("epochs", p.epochs);
        n.put("learningRate", p.learningRate);
        n.put("l2", p.l2);
        n.put("seed", p.seed);
        if (!p.without.isEmpty()) {
            n.put("without", p.without.toString());
        }
        return n;
    }
}
