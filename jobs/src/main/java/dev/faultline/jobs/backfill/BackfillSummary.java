package dev.faultline.jobs.backfill;

import dev.faultline.operators.verdict.LineMasker;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts a backfill's verdicts by outcome, category, fault and signature, its dead letters by
 * reason, and the most frequent unknown-failure lines (masked, so similar failures group together):
 * the lines a signature author should look at next.
 */
public final class BackfillSummary {
    private static final int TOP_UNKNOWN = 15;
    private static final int MAX_DISTINCT_UNKNOWN = 100_000;

    public long builds;
    public long lines;

    /**
     * Peak resident memory of this JVM (which hosts the embedded cluster), in MiB; 0 if unknown.
     */
    public long peakRssMb;

    /**
     * Failed builds, and those of them an automatic retry would have been worth ({@code retry:
     * true}).
     */
    public long failures;

    public long retryWorthy;

    public final Map<String, Long> outcomes = new TreeMap<>();
    public final Map<String, Long> categories = new TreeMap<>();
    public final Map<String, Long> faults = new TreeMap<>();
    public final Map<String, Long> signatures = new TreeMap<>();
    public final Map<String, Long> deadLetters = new TreeMap<>();

    /**
     * Alerts the backfill would have raised: first firing record per incident, with its summary.
     */
    public final List<String> alertsRaised = new ArrayList<>();

    /**
     * A backfill of months can raise thousands; the terminal and summary.json show the first ones.
     */
    private static final int MAX_ALERTS_LISTED = 20;

    private static final int MAX_ALERTS_LISTED_JSON = 200;
    public final Map<String, Long> alertRecords = new TreeMap<>();
    private final Map<String, long[]> unknownLines = new LinkedHashMap<>();
    private final Map<String, String> unknownExample = new LinkedHashMap<>();

    public void add(BuildVerdict v) {
        builds++;
        lines += v.lines;
        outcomes.merge(v.outcome, 1L, Long::sum);
        if (BuildVerdict.FAILURE.equals(v.outcome)) {
            failures++;
            if (Boolean.TRUE.equals(v.retry)) {
                retryWorthy++;
            }
        }
        if (v.category != null) {
            categories.merge(v.category, 1L, Long::sum);
        }
        if (v.fault != null) {
            faults.merge(v.fault, 1L, Long::sum);
        }
        if (v.signature != null) {
            signatures.merge(v.signature, 1L, Long::sum);
        }
        if ("unknown".equals(v.category) && v.evidence != null && v.evidence.length > 0) {
            String key = LineMasker.mask(v.evidence[0].text);
            long[] n = unknownLines.get(key);
            if (n != null) {
                n[0]++;
            } else if (unknownLines.size() < MAX_DISTINCT_UNKNOWN) {
                unknownLines.put(key, new long[] {1});
                unknownExample.put(key, v.buildId);
            }
        }
    }

    /**
     * Adds the counts of {@code next}, a summary of the verdicts that follow this one's (the next
     * part file): the result is what one summary fed both in order would hold, the unknown-failure
     * lines' first examples and bound included. (Past the bound both are approximate anyway: a part
     * that alone met more than the bound's number of distinct lines has not counted the later
     * occurrences of lines an earlier part had.)
     */
    public void merge(BackfillSummary next) {
        builds += next.builds;
        lines += next.lines;
        failures += next.failures;
        retryWorthy += next.retryWorthy;
        mergeCounts(outcomes, next.outcomes);
        mergeCounts(categories, next.categories);
        mergeCounts(faults, next.faults);
        mergeCounts(signatures, next.signatures);
        mergeCounts(deadLetters, next.deadLetters);
        // In first-seen order, so a line is kept when one pass would have kept it: the bound is
        // reached at the same line.
        for (Map.Entry<String, long[]> e : next.unknownLines.entrySet()) {
            long[] n = unknownLines.get(e.getKey());
            if (n != null) {
                n[0] += e.getValue()[0];
            } else if (unknownLines.size() < MAX_DISTINCT_UNKNOWN) {
                unknownLines.put(e.getKey(), new long[] {e.getValue()[0]});
                unknownExample.put(e.getKey(), next.unknownExample.get(e.getKey()));
            }
        }
    }

    private static void mergeCounts(Map<String, Long> into, Map<String, Long> from) {
        from.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    public void add(DeadLetter d) {
        deadLetters.merge(d.reason, 1L, Long::sum);
    }

    public void addAlert(Alert a) {
        alertRecords.merge(a.status, 1L, Long::sum);
        if (Alert.FIRING.equals(a.status) && a.revision == 1) {
            alertsRaised.add(a.startsAt + "  " + a.severity + "  " + a.summary);
        }
    }

    /** The most frequent masked unknown-failure lines with their counts and one example build. */
    public List<Map<String, Object>> topUnknownLines() {
        return unknownLines.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .limit(TOP_UNKNOWN)
                .map(
                        e -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("count", e.getValue()[0]);
                            row.put("line", e.getKey());
                            row.put("exampleBuild", unknownExample.get(e.getKey()));
                            return row;
                        })
                .collect(Collectors.toList());
    }

    public Map<String, Object> toJson(double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("builds", builds);
        m.put("lines", lines);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.put("linesPerSecond", seconds > 0 ? Math.round(lines / seconds) : 0);
        m.put("peakRssMb", peakRssMb);
        m.put("outcomes", outcomes);
        m.put("categories", categories);
        m.put("faults", faults);
        m.put("retryWorthFailures", retryWorthy);
        m.put("signatures", signatures);
        m.put("deadLetters", deadLetters);
        m.put("topUnknownLines", topUnknownLines());
        m.put("alertRecords", alertRecords);
        m.put("alertsRaisedCount", alertsRaised.size());
        m.put(
                "alertsRaised",
                alertsRaised.stream()
                        .sorted()
                        .limit(MAX_ALERTS_LISTED_JSON)
                        .collect(Collectors.toList()));
        return m;
    }

    /** A plain-text table for the terminal. */
    public String toTable(double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        "Faultline backfill: %d builds, %d lines in %.1f s (%.0f lines/s, peak RSS %d MB)%n",
                        builds, lines, seconds, seconds > 0 ? lines / seconds : 0, peakRssMb));
        section(b, "outcome", outcomes);
        section(b, "category (failures)", categories);
        section(b, "fault (failures)", faults);
        b.append(
                String.format(
                        "%nautomatic retry would have been worth it for %d of %d failed builds (retry: true)%n",
                        retryWorthy, failures));
        section(b, "signature", signatures);
        section(b, "dead letters", deadLetters);
        b.append(
                String.format(
                        "%nalerts raised (would have paged; sent nowhere unless --allow-paging true)%n"));
        if (alertsRaised.isEmpty()) {
            b.append("  (none)\n");
        }
        alertsRaised.stream()
                .sorted()
                .limit(MAX_ALERTS_LISTED)
                .forEach(a -> b.append("  ").append(a).append('\n'));
        if (alertsRaised.size() > MAX_ALERTS_LISTED) {
            b.append(
                    String.format(
                            "  … and %d more (all of them in alerts.jsonl)%n",
                            alertsRaised.size() - MAX_ALERTS_LISTED));
        }
        List<Map<String, Object>> unknown = topUnknownLines();
        if (!unknown.isEmpty()) {
            b.append(String.format("%nmost frequent unknown-failure lines (masked)%n"));
            for (Map<String, Object> row : unknown) {
                b.append(String.format("  %6d  %s%n", (Long) row.get("count"), row.get("line")));
            }
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String title, Map<String, Long> counts) {
        b.append(String.format("%n%s%n", title));
        if (counts.isEmpty()) {
            b.append("  (none)\n");
        }
        counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> b.append(String.format("  %-44s %8d%n", e.getKey(), e.getValue())));
    }
}
