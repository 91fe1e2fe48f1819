package dev.faultline.tools.report;

import dev.faultline.schemas.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the aggregates into the data the page draws: time series at one resolution (hours for up to
 * a week, days beyond, so a chart has at most a few hundred points), the top signatures and
 * unknown-failure groups, and the alert incidents. Its size depends on the time span and the top-N
 * limits, never on the number of builds.
 */
final class ReportModel {
    static final int TOP_SIGNATURES = 25;
    static final int TOP_UNKNOWN = 25;
    static final long HOURLY_UP_TO_HOURS = 7 * 24;

    /**
     * Most points a time chart gets: past it buckets grow to several days. A verdicts file from
     * elsewhere may hold one bogus timestamp (year 1) that would otherwise mean 700,000 daily
     * buckets.
     */
    static final long MAX_BUCKETS = 1_000;

    private static final long DAY_HOURS = 24;

    private ReportModel() {}

    static Map<String, Object> of(
            VerdictAggregate v, AlertTimeline alerts, String verdictsName, String alertsName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", Instant.now().toString());
        m.put("verdictsFile", verdictsName);
        m.put("alertsFile", alertsName);
        long step = stepHours(v);
        m.put("resolution", resolution(step));
        m.put("totals", totals(v));
        m.put("series", series(v, step));
        m.put("signatures", signatures(v, step));
        m.put("signaturesDistinct", v.signatures.all().size());
        m.put("unknownGroups", unknownGroups(v));
        m.put("unknownGroupsDistinct", v.unknown.all().size());
        m.put("unknownUngrouped", v.unknown.ungrouped);
        m.put("unknownWithoutEvidence", v.unknown.withoutEvidence);
        m.put("alerts", alerts == null ? null : alerts(alerts, v.lastMillis));
        return m;
    }

    private static long stepHours(VerdictAggregate v) {
        if (v.firstMillis > v.lastMillis) {
            return 1;
        }
        long span = hour(v.lastMillis) - hour(v.firstMillis) + 1;
        if (span <= HOURLY_UP_TO_HOURS) {
            return 1;
        }
        long days = (span + DAY_HOURS - 1) / DAY_HOURS;
        return DAY_HOURS * ((days + MAX_BUCKETS - 1) / MAX_BUCKETS);
    }

    /** How the page names one bucket: "hour", "day" or "N days". */
    static String resolution(long stepHours) {
        if (stepHours == 1) {
            return "hour";
        }
        long days = stepHours / DAY_HOURS;
        return days == 1 ? "day" : days + " days";
    }

    private static long hour(long millis) {
        return Math.floorDiv(millis, TimeBuckets.HOUR_MILLIS);
    }

    private static Map<String, Object> totals(VerdictAggregate v) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("builds", v.builds);
        t.put("failures", v.failures);
        t.put("outcomes", named(TimeBuckets.OUTCOMES, v.outcomes));
        t.put("faults", named(TimeBuckets.FAULTS, v.faults));
        t.put("untimed", v.untimed);
        t.put("badLines", v.badLines);
        t.put("badLineNumbers", v.badLineNumbers);
        t.put("first", v.firstMillis <= v.lastMillis ? iso(v.firstMillis) : null);
        t.put("last", v.firstMillis <= v.lastMillis ? iso(v.lastMillis) : null);
        return t;
    }

    /** Every bucket from the first to the last, empty ones too, so the time axis has no holes. */
    private static Map<String, Object> series(VerdictAggregate v, long step) {
        Map<String, Object> s = new LinkedHashMap<>();
        List<Long> times = new ArrayList<>();
        Map<Long, TimeBuckets.Bucket> rolled = new LinkedHashMap<>();
        if (v.firstMillis <= v.lastMillis) {
            long from = Math.floorDiv(hour(v.firstMillis), step);
            long to = Math.floorDiv(hour(v.lastMillis), step);
            for (long b = from; b <= to; b++) {
                times.add(b * step * TimeBuckets.HOUR_MILLIS);
                rolled.put(b, new TimeBuckets.Bucket());
            }
            v.buckets
                    .hours()
                    .forEach((h, bucket) -> rolled.get(Math.floorDiv(h, step)).addAll(bucket));
        }
        s.put("time", times);
        List<Long> builds = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        for (TimeBuckets.Bucket b : rolled.values()) {
            long n = b.builds();
            builds.add(n);
            long failed = b.outcomes[TimeBuckets.OUTCOMES.indexOf("failure")];
            rate.add(n == 0 ? null : Math.round(1000.0 * failed / n) / 10.0);
        }
        s.put("builds", builds);
        s.put("failureRate", rate);
        s.put("outcomes", columns(TimeBuckets.OUTCOMES, rolled, b -> b.outcomes));
        s.put("categories", columns(TimeBuckets.CATEGORIES, rolled, b -> b.categories));
        s.put("faults", columns(TimeBuckets.FAULTS, rolled, b -> b.faults));
        return s;
    }

    private static Map<String, List<Long>> columns(
            List<String> names,
            Map<Long, TimeBuckets.Bucket> rolled,
            java.util.function.Function<TimeBuckets.Bucket, long[]> counts) {
        Map<String, List<Long>> c = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<Long> col = new ArrayList<>(rolled.size());
            for (TimeBuckets.Bucket b : rolled.values()) {
                col.add(counts.apply(b)[i]);
            }
            c.put(names.get(i), col);
        }
        return c;
    }

    private static List<Map<String, Object>> signatures(VerdictAggregate v, long step) {
        long from = v.firstMillis <= v.lastMillis ? Math.floorDiv(hour(v.firstMillis), step) : 0;
        long to = v.firstMillis <= v.lastMillis ? Math.floorDiv(hour(v.lastMillis), step) : -1;
        return v.signatures.all().values().stream()
                .sorted(
                        Comparator.comparingLong((SignatureStats.Signature s) -> -s.count)
                                .thenComparing(s -> s.id))
                .limit(TOP_SIGNATURES)
                .map(
                        s -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("signature", s.id);
                            row.put("count", s.count);
                            row.put("category", s.category);
                            row.put("fault", s.fault);
                            row.put("first", s.first <= s.last ? iso(s.first) : null);
                            row.put("last", s.first <= s.last ? iso(s.last) : null);
                            long[] trend = new long[(int) Math.max(0, to - from + 1)];
                            s.hourly.forEach(
                                    (h, n) -> {
                                        trend[(int) (Math.floorDiv(h, step) - from)] += n;
                                        return 0;
                                    });
                            row.put("trend", trend);
                            return row;
                        })
                .collect(Collectors.toList());
    }

    private static List<Map<String, Object>> unknownGroups(VerdictAggregate v) {
        return v.unknown.all().values().stream()
                .sorted(
                        Comparator.comparingLong((UnknownGroups.Group g) -> -g.count)
                                .thenComparing(g -> g.line))
                .limit(TOP_UNKNOWN)
                .map(
                        g -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("line", g.line);
                            row.put("count", g.count);
                            row.put("first", g.first <= g.last ? iso(g.first) : null);
                            row.put("last", g.first <= g.last ? iso(g.last) : null);
                            row.put(
                                    "examples",
                                    java.util.Arrays.asList(g.examples).subList(0, g.exampleCount));
                            row.put("evidence", g.evidence);
                            return row;
                        })
                .collect(Collectors.toList());
    }

    private static Map<String, Object> alerts(AlertTimeline t, long dataEnd) {
        Map<String, Object> a = new LinkedHashMap<>();
        List<Map<String, Object>> incidents = new ArrayList<>();
        List<AlertTimeline.Incident> byStart = new ArrayList<>(t.incidents.values());
        byStart.sort(Comparator.comparingLong(i -> i.start));
        for (AlertTimeline.Incident i : byStart) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dedupKey", i.dedupKey);
            row.put("kind", i.kind);
            row.put("severity", i.severity);
            row.put("urgency", i.urgency);
            row.put("summary", i.summary);
            row.put("category", i.category);
            row.put("signature", i.signature);
            row.put("pattern", i.pattern);
            row.put("start", iso(i.start));
            boolean open = i.end == Timestamps.NONE;
            // Still firing when the data ends: drawn up to the last verdict, and marked open.
            long end = open ? Math.max(i.start, dataEnd) : i.end;
            row.put("end", iso(end));
            row.put("open", open);
            row.put("seconds", (end - i.start) / 1000);
            row.put("peakFailures", i.peakFailures);
            row.put("records", i.records);
            incidents.add(row);
        }
        a.put("incidents", incidents);
        a.put("records", t.records);
        a.put("dropped", t.dropped);
        a.put("badLines", t.badLines);
        a.put("badLineNumbers", t.badLineNumbers);
        return a;
    }

    private static Map<String, Long> named(List<String> names, long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), counts[i]);
        }
        return m;
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
