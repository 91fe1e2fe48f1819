package dev.faultline.tools.logchunks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores backfill verdicts against LogChunks-style labels ({@code labels.jsonl}: build, repo,
 * language, startLine, endLine): a log counts as found when one of its first three evidence lines
 * lies in the labelled chunk. Also reports the first line alone, any evidence line, and the median
 * number of evidence lines.
 */
public final class LogChunksEvaluation {
    private LogChunksEvaluation() {}

    /** One labelled log: where a person found the failure's cause. */
    public static final class Label {
        public final String build;
        public final String repo;
        public final String language;
        public final long startLine;
        public final long endLine;

        Label(String build, String repo, String language, long startLine, long endLine) {
            this.build = build;
            this.repo = repo;
            this.language = language;
            this.startLine = startLine;
            this.endLine = endLine;
        }

        public boolean contains(long line) {
            return line >= startLine && line <= endLine;
        }
    }

    /** The scores, one per measure; scores of disjoint sets of logs add up ({@link #add}). */
    public static final class Score {
        public int logs;
        public int withVerdict;
        public int top1;
        public int top3;
        public int anyEvidence;
        final List<Integer> evidenceCounts = new ArrayList<>();

        /** Per language: logs, top-3 hits. */
        public final Map<String, int[]> byLanguage = new TreeMap<>();

        public double top3Share() {
            return logs == 0 ? 0 : (double) top3 / logs;
        }

        public double top1Share() {
            return logs == 0 ? 0 : (double) top1 / logs;
        }

        public double medianEvidence() {
            List<Integer> counts = new ArrayList<>(evidenceCounts);
            counts.sort(Integer::compare);
            int n = counts.size();
            return n == 0
                    ? 0
                    : (n % 2 == 1
                            ? counts.get(n / 2)
                            : (counts.get(n / 2 - 1) + counts.get(n / 2)) / 2.0);
        }

        public void add(Score other) {
            logs += other.logs;
            withVerdict += other.withVerdict;
            top1 += other.top1;
            top3 += other.top3;
            anyEvidence += other.anyEvidence;
            evidenceCounts.addAll(other.evidenceCounts);
            other.byLanguage.forEach(
                    (lang, n) -> {
                        int[] mine = byLanguage.computeIfAbsent(lang, k -> new int[2]);
                        mine[0] += n[0];
                        mine[1] += n[1];
                    });
        }

        public String toTable() {
            StringBuilder b = new StringBuilder();
            b.append(
                    String.format(
                            "LogChunks evaluation: %d labelled logs, %d with a verdict%n",
                            logs, withVerdict));
            b.append(
                    String.format(
                            "  cause in first evidence line:     %4d  (%.1f%%)%n",
                            top1, pct(top1)));
            b.append(
                    String.format(
                            "  cause in first 3 evidence lines:  %4d  (%.1f%%)%n",
                            top3, pct(top3)));
            b.append(
                    String.format(
                            "  cause in any evidence line:       %4d  (%.1f%%)%n",
                            anyEvidence, pct(anyEvidence)));
            b.append(String.format("  median evidence lines per log:    %.1f%n", medianEvidence()));
            b.append(languageTable());
            return b.toString();
        }

        String languageTable() {
            StringBuilder b =
                    new StringBuilder(
                            String.format("%n  %-14s %6s %6s%n", "language", "logs", "top3"));
            byLanguage.forEach(
                    (lang, n) ->
                            b.append(
                                    String.format(
                                            "  %-14s %6d %5.0f%%%n",
                                            lang, n[0], 100.0 * n[1] / n[0])));
            return b.toString();
        }

        double pct(int n) {
            return logs == 0 ? 0 : 100.0 * n / logs;
        }
    }

    public static List<Label> readLabels(Path labels) throws IOException {
        List<Label> out = new ArrayList<>();
        for (String line : Files.readAllLines(labels)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode l = Json.mapper().readTree(line);
            out.add(
                    new Label(
                            l.get("build").asText(),
                            l.path("repo").asText("?"),
                            l.path("language").asText("?"),
                            l.get("startLine").asLong(),
                            l.get("endLine").asLong()));
        }
        return out;
    }

    public static Map<String, JsonNode> readVerdicts(Path verdicts) throws IOException {
        Map<String, JsonNode> byBuild = new HashMap<>();
        for (String line : Files.readAllLines(verdicts)) {
            if (!line.isBlank()) {
                JsonNode v = Json.mapper().readTree(line);
                byBuild.put(v.get("buildId").asText(), v);
            }
        }
        return byBuild;
    }

    public static Score score(Path labels, Path verdicts) throws IOException {
        return score(readLabels(labels), readVerdicts(verdicts));
    }

    public static Score score(List<Label> labels, Map<String, JsonNode> verdicts) {
        Score s = new Score();
        for (Label label : labels) {
            s.logs++;
            int[] perLang = s.byLanguage.computeIfAbsent(label.language, k -> new int[2]);
            perLang[0]++;
            JsonNode v = verdicts.get(label.build);
            if (v == null) {
                s.evidenceCounts.add(0);
                continue;
            }
            s.withVerdict++;
            JsonNode evidence = v.path("evidence");
            s.evidenceCounts.add(evidence.size());
            boolean top1 = false;
            boolean top3 = false;
            boolean any = false;
            for (int i = 0; i < evidence.size(); i++) {
                boolean inside = label.contains(evidence.get(i).get("line").asLong());
                top1 |= inside && i == 0;
                top3 |= inside && i < 3;
                any |= inside;
            }
            s.top1 += top1 ? 1 : 0;
            s.top3 += top3 ? 1 : 0;
            s.anyEvidence += any ? 1 : 0;
            perLang[1] += top3 ? 1 : 0;
        }
        return s;
    }
}
