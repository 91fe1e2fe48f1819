package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The alert records a detector emits and what they show: the firing and resolved records of an
 * incident, their one-line summaries, and the example builds, scrubbed of secrets and clipped.
 */
final class AlertRecords {
    private static final int MAX_EVIDENCE = 3;
    private static final int MAX_TEXT = 300;

    /** Evidence kept in state before scrubbing: what an alert shows plus a margin. */
    private static final int RAW_TEXT = MAX_TEXT + 100;

    private AlertRecords() {}

    /**
     * A firing record for {@code sum} over the window {@code [from, time)}; {@code previous} is the
     * incident's last.
     */
    static Alert firing(
            KindBucket sum,
            int total,
            long from,
            long time,
            long window,
            ActiveAlert incident,
            Alert previous) {
        Alert a = new Alert();
        a.dedupKey = sum.kindKey;
        a.status = Alert.FIRING;
        a.kind = sum.kind;
        a.category = sum.category;
        a.signature = sum.signature;
        // Labels identify an alert for its whole life (Alertmanager): a kind that spans stages
        // keeps the stage it started at.
        a.stage = previous == null ? sum.stage : previous.stage;
        a.fault = sum.fault;
        a.pattern = sum.pattern;
        a.failures = sum.failures;
        a.builds = total;
        a.share = share(sum.failures, total);
        a.peakFailures = Math.max(sum.failures, previous == null ? 0 : previous.peakFailures);
        a.windowStart = iso(from);
        a.windowEnd = iso(time);
        a.firstSeen = iso(incident.firstSeen);
        a.lastSeen = iso(incident.lastSeen);
        a.startsAt = previous == null ? iso(time) : previous.startsAt;
        a.revision = previous == null ? 1 : previous.revision + 1;
        a.examples = scrubbed(sum.examples);
        if (sum.signature != null) {
            adviseFrom(a, sum.signature, sum.examples);
        }
        switch (sum.kind) {
            case Alert.PLATFORM_SPIKE:
                a.severity = "critical";
                a.urgency = "high";
                a.summary =
                        clip(
                                String.format(
                                        Locale.ROOT,
                                        "Platform %s failures: %d of %d builds (%.1f%%) in %s failed with %s: %s",
                                        words(sum.category),
                                        a.failures,
                                        total,
                                        100 * a.share,
                                        span(window),
                                        sum.signature,
                                        SecretScrubber.scrub(sum.exampleSummary)));
                break;
            case Alert.STAGE_SPIKE:
                a.severity = "error";
                a.urgency = "high";
                a.summary =
                        clip(
                                String.format(
                                        Locale.ROOT,
                                        "Platform failures at the %s stage: %d of %d builds (%.1f%%) in %s, no single signature",
                                        sum.stage,
                                        a.failures,
                                        total,
                                        100 * a.share,
                                        span(window)));
                break;
            default:
                a.severity = "info";
                a.urgency = "low";
                a.summary =
                        clip(
                                String.format(
                                        Locale.ROOT,
                                        "Recurring unknown failure%s: %d builds in %s: %s",
                                        sum.stage == null ? "" : " during " + sum.stage,
                                        a.failures,
                                        span(window),
                                        sum.pattern));
        }
        return a;
    }

    /**
     * The advice and docs of the newest example with the alert's signature: the catalog's words, as
     * that build's verdict carried them.
     */
    private static void adviseFrom(Alert a, String signature, AlertExample[] examples) {
        for (int i = examples == null ? -1 : examples.length - 1; i >= 0; i--) {
            AlertExample e = examples[i];
            if (signature.equals(e.signature) && e.advice != null) {
                a.advice = e.advice;
                a.docs = e.docs;
                return;
            }
        }
    }

    /** The record that ends an incident whose last firing record is {@code last}. */
    static Alert resolved(Alert last, int failures, int total, long from, long time) {
        // a copy (the last firing record is still in state and was already emitted)
        Alert end = Json.mapper().convertValue(last, Alert.class);
        end.status = Alert.RESOLVED;
        end.failures = failures;
        end.builds = total;
        end.share = share(failures, total);
        end.windowStart = iso(from);
        end.windowEnd = iso(time);
        end.endsAt = iso(time);
        end.revision = last.revision + 1;
        return end;
    }

    /**
     * What an alert may show of a build: IDs, summary and a few evidence lines, as the verdict has
     * them. Secrets are scrubbed when an alert is made ({@link #scrubbed}), not here: most buckets
     * never become an alert, and scrubbing every platform failure's lines cost a backfill more than
     * the rest of the alert stage. (Per-build state holds the same raw lines anyway.)
     */
    static AlertExample example(BuildVerdict v, long ended) {
        AlertExample e = new AlertExample();
        e.buildId = v.buildId;
        e.workerName = v.workerName;
        e.accountId = v.accountId;
        e.stage = v.stage;
        e.signature = v.signature;
        e.summary = v.summary;
        e.advice = v.advice;
        e.docs = v.docs;
        e.endedAt = iso(ended);
        Evidence[] from = v.evidence == null ? new Evidence[0] : v.evidence;
        e.evidence = new Evidence[Math.min(MAX_EVIDENCE, from.length)];
        for (int i = 0; i < e.evidence.length; i++) {
            // State stays small (it is rewritten with every verdict of the bucket). The cut lies
            // 100 characters past what an alert shows, so a secret that crosses the shown part is
            // still long enough to be recognised when the alert is scrubbed.
            String text = from[i].text;
            e.evidence[i] =
                    new Evidence(
                            from[i].line,
                            text != null && text.length() > RAW_TEXT
                                    ? text.substring(0, RAW_TEXT)
                                    : text);
        }
        return e;
    }

    /**
     * Copies of {@code examples} fit to leave in an alert: secrets scrubbed, then long lines
     * clipped.
     */
    static AlertExample[] scrubbed(AlertExample[] examples) {
        if (examples == null) {
            return null;
        }
        // A deep copy, so state's examples stay as they are.
        AlertExample[] out = Json.mapper().convertValue(examples, AlertExample[].class);
        for (AlertExample e : out) {
            e.summary = SecretScrubber.scrub(e.summary);
            for (Evidence ev : e.evidence == null ? new Evidence[0] : e.evidence) {
                String text = SecretScrubber.scrub(ev.text);
                ev.text =
                        text != null && text.length() > MAX_TEXT
                                ? text.substring(0, MAX_TEXT) + "…"
                                : text;
            }
        }
        return out;
    }

    /**
     * When the build ended: its last line, else its first, else the record's own time (in a live
     * run, event time); {@link Timestamps#NONE} if none of them is known.
     */
    static long endTime(BuildVerdict v, Long recordTime) {
        long t = Timestamps.parseMillis(v.lastTimestamp);
        if (t == Timestamps.NONE) {
            t = Timestamps.parseMillis(v.firstTimestamp);
        }
        if (t == Timestamps.NONE && recordTime != null) {
            t = recordTime;
        }
        return t;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static double share(int failures, int total) {
        return total == 0 ? 0 : Math.min(1.0, (double) failures / total);
    }

    private static String words(String category) {
        return category == null ? "unknown" : category.replace('_', ' ');
    }

    private static String span(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHoursPart() == 0
                && d.toMinutesPart() > 0
                && d.toSecondsPart() == 0
                && d.toDays() == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toHours() + "h";
        }
        return d.getSeconds() + "s";
    }

    private static String clip(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1023) + "…";
    }
}
