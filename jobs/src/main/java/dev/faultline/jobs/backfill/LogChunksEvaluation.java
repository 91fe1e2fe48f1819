package dev.faultline.jobs.backfill;

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
 * Scores backfill verdicts against LogChunks-style labels ({@code labels.jsonl}: build, startLine,
 * endLine): a log counts as found when one of its first three evidence lines lies in the labelled chunk.
 * Also reports "any evidence line" and the median number of evidence lines.
 */
public final class LogChunksEvaluation {
    private LogChunksEvaluation() {}

    /** The scores, one per measure. */
    public static final class Score {
        public int logs;
        public int withVerdict;
        public int top1;
        public int top3;
        public int anyEvidence;
        public double medianEvidence;
        public final Map<String, int[]> byLanguage = new TreeMap<>();

        public double top3Share() {
            return logs == 0 ? 0 : (double) top3 / logs;
        }

        public String toTable() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("LogChunks evaluation: %d labelled logs, %d with a verdict%n", logs, withVerdict));
            b.append(String.format("  cause in first evidence line:     %4d  (%.1f%%)%n", top1, pct(top1)));
            b.append(String.format("  cause in first 3 evidence lines:  %4d  (%.1f%%)%n", top3, pct(top3)));
            b.append(String.format("  cause in any evidence line:       %4d  (%.1f%%)%n", anyEvidence, pct(anyEvidence)));
            b.append(String.format("  median evidence lines per log:    %.1f%n", medianEvidence));
            b.append(String.format("%n  %-14s %6s %6s%n", "language", "logs", "top3"));
            byLanguage.forEach((lang, n) -> b.append(String.format("  %-14s %6d %5.0f%%%n", lang, n[0], 100.0 * n[1] / n[0])));
            return b.toString();
        }

        private double pct(int n) {
            return logs == 0 ? 0 : 100.0 * n / logs;
        }
    }

    public static Score score(Path labels, Path verdicts) throws IOException {
        Map<String, JsonNode> byBuild = new HashMap<>();
        for (String line : Files.readAllLines(verdicts)) {
            if (!line.isBlank()) {
                JsonNode v = Json.mapper().readTree(line);
                byBuild.put(v.get("buildId").asText(), v);
            }
        }
        Score s = new Score();
        List<Integer> counts = new ArrayList<>();
        for (String line : Files.readAllLines(labels)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode label = Json.mapper().readTree(line);
            long start = label.get("startLine").asLong();
            long end = label.get("endLine").asLong();
            String lang = label.path("language").asText("?");
            s.logs++;
            int[] perLang = s.byLanguage.computeIfAbsent(lang, k -> new int[2]);
            perLang[0]++;
            JsonNode v = byBuild.get(label.get("build").asText());
            if (v == null) {
                counts.add(0);
                continue;
            }
            s.withVerdict++;
            JsonNode evidence = v.path("evidence");
            counts.add(evidence.size());
            boolean top1 = false;
            boolean top3 = false;
            boolean any = false;
            for (int i = 0; i < evidence.size(); i++) {
                long n = evidence.get(i).get("line").asLong();
                boolean inside = n >= start && n <= end;
                top1 |= inside && i == 0;
                top3 |= inside && i < 3;
                any |= inside;
            }
            s.top1 += top1 ? 1 : 0;
            s.top3 += top3 ? 1 : 0;
            s.anyEvidence += any ? 1 : 0;
            perLang[1] += top3 ? 1 : 0;
        }
        counts.sort(Integer::compare);
        int n = counts.size();
        s.medianEvidence = n == 0 ? 0 : (n % 2 == 1 ? counts.get(n / 2) : (counts.get(n / 2 - 1) + counts.get(n / 2)) / 2.0);
        return s;
    }
}
