package dev.faultline.operators.alerting;

import dev.faultline.operators.BoundedLruMap;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts failures per alert kind over sliding event-time windows, against all builds that ended in
 * the same window, and turns threshold crossings into alert records: firing (new), firing (counts
 * changed), resolved (below the threshold for the quiet period).
 *
 * <p>Runs on one key (all verdicts), because the share needs every build in the denominator; the
 * verdict stream is small (one record per build). Time is each build's own end, bucketed by the
 * slide; a window is evaluated when the watermark passes its end, so it evaluates the same in a
 * live run and in a replay. Verdicts too late for any window still to be evaluated count in the
 * oldest open bucket and in the {@code lateVerdicts} metric.
 *
 * <p>All of it lives in keyed state (RocksDB in production), so a restart from a checkpoint resumes
 * with the alerts that were firing and does not raise them again.
 */
public class SpikeDetector extends KeyedProcessFunction<Integer, BuildVerdict, Alert> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_EVIDENCE = 3;
    private static final int MAX_TEXT = 300;
    /** Evidence kept in state before scrubbing: what an alert shows plus a margin. */
    private static final int RAW_TEXT = MAX_TEXT + 100;

    private final AlertRules rules;
    private final AlertFamily family;
    private final long window;
    private final long slide;
    private final long quiet;
    private final long delay;
    private final AlertThreshold unknownThreshold;

    private transient MapState<Long, Integer> builds;
    private transient MapState<String, KindBucket> counts;
    /** The kinds with failures in each bucket: an evaluation reads its window's buckets, never all state. */
    private transient MapState<Long, String[]> kindsPerBucket;
    /** Keys whose state this instance started with has been checked (see {@link #checkState}). */
    private transient Set<Integer> checked;
    private transient MapState<String, ActiveAlert> active;
    private transient ValueState<Long> lastEvaluated;
    /**
     * {@link #lastEvaluated} of {@link #evaluatedKey} as last read or written. The detector runs on one
     * key, and a restore builds a new instance: the copy saves a RocksDB read per verdict, which every
     * build pays.
     */
    private transient Long evaluatedCopy;
    private transient Integer evaluatedKey;
    private transient Counter raised;
    private transient Counter updated;
    private transient Counter resolved;
    private transient Counter late;
    private transient Counter untimed;
    private transient volatile int firing;
    /**
     * Buckets the last evaluations read, so consecutive windows (which share all buckets but one) read
     * each bucket from RocksDB once instead of window/slide times. Derived from state and never
     * written back: a bucket's entry goes whenever its state changes, and all of it after a restore.
     */
    private transient Map<Long, BucketView> recentBuckets;

    /** One bucket's builds and per-kind counts, as read from state. */
    private static final class BucketView {
        int builds;
        final List<KindBucket> kinds = new ArrayList<>(2);
    }

    public SpikeDetector(AlertRules rules, AlertFamily family) {
        this(rules, family, Duration.ZERO);
    }

    /**
     * @param delay how long after a window's end (event time) to evaluate it: in a live run, builds
     *     that ended near the window's end are decided only up to the event-settle delay later, and
     *     evaluating after it lets them count in their own window, as in a backfill
     */
    public SpikeDetector(AlertRules rules, AlertFamily family, Duration delay) {
        this.delay = delay.toMillis();
        this.unknownThreshold = new AlertThreshold(rules.unknownMinFailures, 0);
        this.rules = rules;
        this.family = family;
        this.window = (family == AlertFamily.PLATFORM ? rules.window : rules.unknownWindow).toMillis();
        this.slide = (family == AlertFamily.PLATFORM ? rules.slide : rules.unknownSlide).toMillis();
        this.quiet = rules.quietPeriod.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        builds = getRuntimeContext().getMapState(new MapStateDescriptor<>("builds-per-bucket", Types.LONG, Types.INT));
        counts = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("failures-per-bucket-and-kind", Types.STRING, TypeInformation.of(KindBucket.class)));
        kindsPerBucket = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("kinds-per-bucket", Types.LONG, BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
        active = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("active-alerts", Types.STRING, TypeInformation.of(ActiveAlert.class)));
        lastEvaluated = getRuntimeContext().getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        checked = new HashSet<>();
        recentBuckets = new BoundedLruMap<>((int) Math.min(1024, window / slide + 1));
        var group = getRuntimeContext().getMetricGroup().addGroup("alerts", family.name().toLowerCase(Locale.ROOT));
        raised = group.counter("alertsRaised");
        updated = group.counter("alertsUpdated");
        resolved = group.counter("alertsResolved");
        late = group.counter("lateVerdicts");
        untimed = group.counter("untimedVerdicts");
        group.gauge("alertsFiring", () -> firing);
    }

    private Long lastEvaluated(Integer key) throws Exception {
        if (!key.equals(evaluatedKey)) {
            evaluatedCopy = lastEvaluated.value();
            evaluatedKey = key;
        }
        return evaluatedCopy;
    }

    @Override
    public void processElement(BuildVerdict v, Context ctx, Collector<Alert> out) throws Exception {
        long ended = endTime(v, ctx.timestamp());
        if (ended == Timestamps.NONE) {
            // A build with no time at all (no timestamped line, no event) cannot be placed in a
            // window: counted here, and its verdict is still written as usual.
            untimed.inc();
            return;
        }
        long bucket = Math.floorDiv(ended, slide) * slide;
        Long evaluated = lastEvaluated(ctx.getCurrentKey());
        if (evaluated != null) {
            // on this run's grid (a restart may change --alert-slide)
            evaluated = Math.floorDiv(evaluated, slide) * slide;
            long oldestOpen = evaluated + slide - window;
            if (bucket < oldestOpen) {
                late.inc();
                bucket = oldestOpen;
            }
        }
        recentBuckets.remove(bucket);
        Integer n = builds.get(bucket);
        builds.put(bucket, n == null ? 1 : n + 1);
        for (AlertKind kind : AlertKind.of(v, family)) {
            String key = bucket + "|" + kind.key;
            KindBucket b = counts.get(key);
            if (b == null) {
                b = newBucket(kind, bucket, ended);
                kindsPerBucket.put(bucket, with(kindsPerBucket.get(bucket), kind.key));
            }
            b.failures++;
            b.stages = with(b.stages, String.valueOf(v.stage));
            if (ended < b.firstSeen) {
                b.stage = kind.stage;
            }
            b.firstSeen = Math.min(b.firstSeen, ended);
            b.lastSeen = Math.max(b.lastSeen, ended);
            b.examples = withExample(b.examples, example(v, ended));
            b.exampleSummary = v.summary;
            counts.put(key, b);
        }
        // Every verdict of a bucket would set the same timer: set it once per bucket while nothing has
        // been evaluated yet (a backfill registers 1 timer per minute of its archive, not 1 per build).
        if (n == null || evaluated != null) {
            long due = bucket + slide;
            if (evaluated != null && due <= evaluated) {
                due = evaluated + slide;
            }
            evaluateAt(ctx.timerService(), due);
        }
    }

    @Override
    public void onTimer(long firedAt, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long time = firedAt - delay;
        Long evaluated = lastEvaluated(ctx.getCurrentKey());
        if (evaluated != null && time <= evaluated) {
            return;
        }
        if (Math.floorMod(time, slide) != 0) {
            // set by a run with another --alert-slide: evaluate on this run's grid instead
            evaluateAt(ctx.timerService(), Math.floorDiv(time, slide) * slide + slide);
            return;
        }
        if (checked.add(ctx.getCurrentKey())) {
            checkState(time, ctx);
        }
        lastEvaluated.update(time);
        evaluatedCopy = time;
        evaluatedKey = ctx.getCurrentKey();
        long from = time - window;

        // Only the window's own buckets are read: a backfill holds the whole archive's buckets in
        // state until its end, and reading all of them at every evaluation made it quadratic.
        int total = 0;
        Map<String, KindBucket> sums = new TreeMap<>();
        for (long bucket = from; bucket < time; bucket += slide) {
            BucketView view = read(bucket);
            total += view.builds;
            for (KindBucket b : view.kinds) {
                KindBucket sum = sums.get(b.kindKey);
                sums.put(b.kindKey, sum == null ? copy(b) : merge(sum, b));
            }
        }

        Set<String> keys = new HashSet<>(sums.keySet());
        for (String key : active.keys()) {
            keys.add(key);
        }
        // Specific kinds first: a stage roll-up only pages for what they do not already explain.
        List<String> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparing((String k) -> k.contains(Alert.STAGE_SPIKE)).thenComparing(k -> k));
        Set<String> stagesExplained = new HashSet<>();
        for (String key : ordered) {
            KindBucket sum = sums.get(key);
            ActiveAlert current = active.get(key);
            String kind = sum != null ? sum.kind : current.last.kind;
            String stage = sum != null ? sum.stage : current.last.stage;
            int failures = sum == null ? 0 : sum.failures;
            boolean over = threshold(kind, sum != null ? sum.category : current.last.category).isCrossedBy(failures, total);
            if (Alert.PLATFORM_SPIKE.equals(kind) && (over || current != null)) {
                stagesExplained.add(String.valueOf(stage));
                if (sum != null && sum.stages != null) {
                    stagesExplained.addAll(Arrays.asList(sum.stages));
                }
            }
            if (Alert.STAGE_SPIKE.equals(kind) && current == null && stagesExplained.contains(String.valueOf(stage))) {
                over = false;
            }
            if (over) {
                if (current == null) {
                    current = new ActiveAlert();
                    current.firstSeen = sum.firstSeen;
                    current.lastSeen = sum.lastSeen;
                    current.last = alert(sum, total, from, time, current, null);
                    current.last.startsAt = iso(time);
                    current.last.revision = 1;
                    raised.inc();
                    out.collect(current.last);
                } else {
                    current.quietSince = Long.MIN_VALUE;
                    current.lastSeen = Math.max(current.lastSeen, sum.lastSeen);
                    if (failures != current.last.failures) {
                        current.last = alert(sum, total, from, time, current, current.last);
                        updated.inc();
                        out.collect(current.last);
                    }
                }
                active.put(key, current);
            } else if (current != null) {
                if (current.quietSince == Long.MIN_VALUE) {
                    current.quietSince = time;
                }
                if (time - current.quietSince >= quiet) {
                    // a copy (the last firing record is still in state and was already emitted)
                    Alert end = Json.mapper().convertValue(current.last, Alert.class);
                    end.status = Alert.RESOLVED;
                    end.failures = failures;
                    end.builds = total;
                    end.share = share(failures, total);
                    end.windowStart = iso(from);
                    end.windowEnd = iso(time);
                    end.endsAt = iso(time);
                    end.revision = current.last.revision + 1;
                    active.remove(key);
                    resolved.inc();
                    out.collect(end);
                } else {
                    active.put(key, current);
                }
            }
        }

        // The bucket the next window no longer covers is done with. Every bucket is evaluated at
        // its window's end (see next), so it leaves at exactly one evaluation: this one.
        long keepFrom = time + slide - window;
        for (long bucket = from; bucket < keepFrom; bucket += slide) {
            drop(bucket);
        }
        int stillFiring = 0;
        for (String ignored : active.keys()) {
            stillFiring++;
        }
        firing = stillFiring;
        // Next evaluation: every slide while an alert fires (its quiet period counts slides), else
        // only when the window's contents change, a bucket entering or leaving it; so a replay of
        // years with gaps does not evaluate every empty minute in between.
        // (A bucket still ahead of this evaluation has its own timer, set when its first build came.)
        long next = Long.MAX_VALUE;
        if (stillFiring > 0) {
            next = time + slide;
        }
        for (long bucket = keepFrom; bucket < time; bucket += slide) {
            if (builds.contains(bucket)) {
                next = Math.min(next, bucket + window);
                break;
            }
        }
        if (next != Long.MAX_VALUE) {
            evaluateAt(ctx.timerService(), next);
        }
    }

    /** A bucket as state holds it, read once for the evaluations that share it (never modified). */
    private BucketView read(long bucket) throws Exception {
        BucketView view = recentBuckets.get(bucket);
        if (view != null) {
            return view;
        }
        view = new BucketView();
        Integer n = builds.get(bucket);
        view.builds = n == null ? 0 : n;
        String[] kinds = kindsPerBucket.get(bucket);
        if (kinds != null) {
            for (String kindKey : kinds) {
                KindBucket b = counts.get(bucket + "|" + kindKey);
                if (b != null) {
                    view.kinds.add(b);
                }
            }
        }
        recentBuckets.put(bucket, view);
        return view;
    }

    private void drop(long bucket) throws Exception {
        recentBuckets.remove(bucket);
        builds.remove(bucket);
        String[] kinds = kindsPerBucket.get(bucket);
        if (kinds != null) {
            for (String kindKey : kinds) {
                counts.remove(bucket + "|" + kindKey);
            }
            kindsPerBucket.remove(bucket);
        }
    }

    /**
     * Once per start, before the first evaluation: brings the state this instance was restored with
     * onto this run's rules, reading all of it once. Buckets of a run with another slide move to
     * this run's grid (their counts merged), buckets older than this run's window are dropped, and
     * the per-bucket index of kinds is rebuilt from the counts.
     */
    private void checkState(long time, OnTimerContext ctx) throws Exception {
        recentBuckets.clear();
        long keepFrom = time - window;
        Map<Long, Integer> moved = new TreeMap<>();
        for (Map.Entry<Long, Integer> e : builds.entries()) {
            long bucket = Math.floorDiv(e.getKey(), slide) * slide;
            if (bucket != e.getKey() || bucket < keepFrom) {
                moved.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, Integer> e : moved.entrySet()) {
            builds.remove(e.getKey());
            long bucket = Math.floorDiv(e.getKey(), slide) * slide;
            if (bucket >= keepFrom) {
                Integer n = builds.get(bucket);
                builds.put(bucket, (n == null ? 0 : n) + e.getValue());
                if (bucket + slide > time) {
                    evaluateAt(ctx.timerService(), bucket + slide);
                }
            }
        }
        Map<String, KindBucket> all = new TreeMap<>();
        for (Map.Entry<String, KindBucket> e : counts.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        kindsPerBucket.clear();
        for (Map.Entry<String, KindBucket> e : all.entrySet()) {
            KindBucket b = e.getValue();
            long bucket = Math.floorDiv(b.bucket, slide) * slide;
            String key = bucket + "|" + b.kindKey;
            if (bucket != b.bucket || bucket < keepFrom) {
                counts.remove(e.getKey());
                if (bucket < keepFrom) {
                    continue;
                }
                KindBucket there = counts.get(key);
                b.bucket = bucket;
                counts.put(key, there == null ? b : merge(there, b));
            }
            kindsPerBucket.put(bucket, with(kindsPerBucket.get(bucket), b.kindKey));
        }
    }

    /** Evaluates the window ending at {@code windowEnd} once the watermark is {@link #delay} past it. */
    private void evaluateAt(org.apache.flink.streaming.api.TimerService timers, long windowEnd) {
        timers.registerEventTimeTimer(windowEnd + delay);
    }

    private AlertThreshold threshold(String kind, String category) {
        if (Alert.STAGE_SPIKE.equals(kind)) {
            return rules.stage;
        }
        if (Alert.UNKNOWN_RECURRING.equals(kind)) {
            return unknownThreshold;
        }
        return rules.threshold(category);
    }

    private Alert alert(KindBucket sum, int total, long from, long time, ActiveAlert incident, Alert previous) {
        Alert a = new Alert();
        a.dedupKey = sum.kindKey;
        a.status = Alert.FIRING;
        a.kind = sum.kind;
        a.category = sum.category;
        a.signature = sum.signature;
        // Labels identify an alert for its whole life (Alertmanager): a kind that spans stages keeps
        // the stage it started at.
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
        switch (sum.kind) {
            case Alert.PLATFORM_SPIKE:
                a.severity = "critical";
                a.urgency = "high";
                a.summary = clip(String.format(Locale.ROOT, "Platform %s failures: %d of %d builds (%.1f%%) in %s failed with %s: %s",
                        words(sum.category), a.failures, total, 100 * a.share, span(window), sum.signature,
                        SecretScrubber.scrub(sum.exampleSummary)));
                break;
            case Alert.STAGE_SPIKE:
                a.severity = "error";
                a.urgency = "high";
                a.summary = clip(String.format(Locale.ROOT, "Platform failures at the %s stage: %d of %d builds (%.1f%%) in %s, no single signature",
                        sum.stage, a.failures, total, 100 * a.share, span(window)));
                break;
            default:
                a.severity = "info";
                a.urgency = "low";
                a.summary = clip(String.format(Locale.ROOT, "Recurring unknown failure%s: %d builds in %s: %s",
                        sum.stage == null ? "" : " during " + sum.stage, a.failures, span(window), sum.pattern));
        }
        return a;
    }

    private KindBucket newBucket(AlertKind kind, long bucket, long ended) {
        KindBucket b = new KindBucket();
        b.kindKey = kind.key;
        b.kind = kind.kind;
        b.category = kind.category;
        b.signature = kind.signature;
        b.stage = kind.stage;
        b.fault = kind.fault;
        b.pattern = kind.pattern;
        b.bucket = bucket;
        b.firstSeen = ended;
        b.lastSeen = ended;
        b.examples = new AlertExample[0];
        return b;
    }

    private static KindBucket copy(KindBucket b) {
        KindBucket c = new KindBucket();
        c.kindKey = b.kindKey;
        c.kind = b.kind;
        c.category = b.category;
        c.signature = b.signature;
        c.stage = b.stage;
        c.fault = b.fault;
        c.pattern = b.pattern;
        c.exampleSummary = b.exampleSummary;
        c.stages = b.stages;
        c.bucket = b.bucket;
        c.failures = b.failures;
        c.firstSeen = b.firstSeen;
        c.lastSeen = b.lastSeen;
        c.examples = b.examples;
        return c;
    }

    /** Adds {@code b} into {@code sum}; the newest bucket's examples and summary win. */
    private KindBucket merge(KindBucket sum, KindBucket b) {
        sum.failures += b.failures;
        if (b.firstSeen < sum.firstSeen) {
            sum.stage = b.stage;
        }
        sum.firstSeen = Math.min(sum.firstSeen, b.firstSeen);
        if (b.stages != null) {
            for (String stage : b.stages) {
                sum.stages = with(sum.stages, stage);
            }
        }
        if (b.lastSeen >= sum.lastSeen) {
            sum.exampleSummary = b.exampleSummary;
        }
        sum.lastSeen = Math.max(sum.lastSeen, b.lastSeen);
        AlertExample[] all = sum.examples;
        for (AlertExample e : b.examples) {
            all = withExample(all, e);
        }
        sum.examples = all;
        return sum;
    }

    /** {@code values} with {@code value} added if missing (a new array; {@code values} is left as it is). */
    private static String[] with(String[] values, String value) {
        if (values == null) {
            return new String[] {value};
        }
        for (String s : values) {
            if (s.equals(value)) {
                return values;
            }
        }
        String[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = value;
        return all;
    }

    /** Keeps the newest {@code maxExamples} examples, oldest first. */
    private AlertExample[] withExample(AlertExample[] examples, AlertExample e) {
        AlertExample[] all = Arrays.copyOf(examples, examples.length + 1);
        all[examples.length] = e;
        Arrays.sort(all, (a, b) -> a.endedAt.compareTo(b.endedAt));
        return all.length <= rules.maxExamples ? all : Arrays.copyOfRange(all, all.length - rules.maxExamples, all.length);
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
        e.endedAt = iso(ended);
        Evidence[] from = v.evidence == null ? new Evidence[0] : v.evidence;
        e.evidence = new Evidence[Math.min(MAX_EVIDENCE, from.length)];
        for (int i = 0; i < e.evidence.length; i++) {
            // State stays small (it is rewritten with every verdict of the bucket). The cut lies 100
            // characters past what an alert shows, so a secret that crosses the shown part is still
            // long enough to be recognised when the alert is scrubbed.
            String text = from[i].text;
            e.evidence[i] = new Evidence(from[i].line,
                    text != null && text.length() > RAW_TEXT ? text.substring(0, RAW_TEXT) : text);
        }
        return e;
    }

    /** Copies of {@code examples} fit to leave in an alert: secrets scrubbed, then long lines clipped. */
    static AlertExample[] scrubbed(AlertExample[] examples) {
        if (examples == null) {
            return null;
        }
        // A deep copy (as for the last alert in onTimer), so state's examples stay as they are.
        AlertExample[] out = Json.mapper().convertValue(examples, AlertExample[].class);
        for (AlertExample e : out) {
            e.summary = SecretScrubber.scrub(e.summary);
            for (Evidence ev : e.evidence == null ? new Evidence[0] : e.evidence) {
                String text = SecretScrubber.scrub(ev.text);
                ev.text = text != null && text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
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

    private static double share(int failures, int total) {
        return total == 0 ? 0 : Math.min(1.0, (double) failures / total);
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String words(String category) {
        return category == null ? "unknown" : category.replace('_', ' ');
    }

    private static String span(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHoursPart() == 0 && d.toMinutesPart() > 0 && d.toSecondsPart() == 0 && d.toDays() == 0) {
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
