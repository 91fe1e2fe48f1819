package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;
import java.time.Duration;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
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
 * with the alerts that were firing and does not raise them again. What comes in is up to the
 * subclass: verdicts one by one ({@link SpikeDetector}, the live job), or counts made upstream
 * ({@link BucketCountsDetector}, a backfill); both keep the same state.
 */
public abstract class WindowedDetector<IN> extends KeyedProcessFunction<Integer, IN, Alert>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final AlertRules rules;
    final AlertFamily family;
    private final long window;
    private final long slide;
    private final long quiet;
    private final long delay;
    private final AlertThreshold unknownThreshold;

    transient WindowBuckets buckets;

    /**
     * Keys whose state this instance started with has been realigned (see {@link
     * WindowBuckets#realign}).
     */
    private transient Set<Integer> checked;

    /** Whether this instance started from a checkpoint or savepoint. */
    private transient boolean restored;

    private transient MapState<String, ActiveAlert> active;
    private transient ValueState<Long> lastEvaluated;

    /**
     * The last evaluated time of {@link #evaluatedKey}, read once: every verdict asks for it, and
     * with one key it never changes between evaluations but through {@link #onTimer}.
     */
    private transient Long evaluatedCopy;

    private transient Integer evaluatedKey;
    private transient Counter raised;
    private transient Counter updated;
    private transient Counter resolved;
    private transient Counter late;
    transient Counter untimed;
    private transient volatile int firing;

    /**
     * @param delay how long after a window's end (event time) to evaluate it: in a live run, builds
     *     that ended near the window's end are decided only up to the event-settle delay later, and
     *     evaluating after it lets them count in their own window, as in a backfill
     */
    WindowedDetector(AlertRules rules, AlertFamily family, Duration delay) {
        this.delay = delay.toMillis();
        this.unknownThreshold = new AlertThreshold(rules.unknownMinFailures, 0);
        this.rules = rules;
        this.family = family;
        this.window =
                (family == AlertFamily.PLATFORM ? rules.window : rules.unknownWindow).toMillis();
        this.slide = (family == AlertFamily.PLATFORM ? rules.slide : rules.unknownSlide).toMillis();
        this.quiet = rules.quietPeriod.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // no state of its own here (all of it is keyed): only whether there is any to restore
        restored = context.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void open(OpenContext context) {
        buckets = new WindowBuckets(getRuntimeContext(), window, slide, rules.maxExamples);
        active =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "active-alerts",
                                        Types.STRING,
                                        TypeInformation.of(ActiveAlert.class)));
        lastEvaluated =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        checked = new HashSet<>();
        var group =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("alerts", family.name().toLowerCase(Locale.ROOT));
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

    /** The start of the slide-long bucket {@code ended} falls in. */
    final long bucketOf(long ended) {
        return Math.floorDiv(ended, slide) * slide;
    }

    /** Counts of builds into one bucket of state; true if the bucket had no builds yet. */
    interface BucketCounting {
        boolean into(long bucket) throws Exception;
    }

    /**
     * Counts {@code builds} builds that ended in {@code bucket} through {@code counting}, moving
     * them to the oldest open bucket if that window was already evaluated, and makes sure the
     * bucket's window will be.
     */
    final void count(long bucket, int builds, Context ctx, BucketCounting counting)
            throws Exception {
        Long evaluated = lastEvaluated(ctx.getCurrentKey());
        if (evaluated != null) {
            // on this run's grid (a restart may change --alert-slide)
            evaluated = Math.floorDiv(evaluated, slide) * slide;
            long oldestOpen = evaluated + slide - window;
            if (bucket < oldestOpen) {
                late.inc(builds);
                bucket = oldestOpen;
            }
        }
        boolean firstOfBucket = counting.into(bucket);
        // Every verdict of a bucket would set the same timer: set it once per bucket while nothing
        // has been evaluated yet (a backfill registers 1 timer per minute of its archive, not 1 per
        // build).
        if (firstOfBucket || evaluated != null) {
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
        // State this instance wrote itself is on this run's grid already: only restored state may
        // need realigning (a backfill would otherwise read and rewrite its whole archive's
        // buckets).
        if (restored && checked.add(ctx.getCurrentKey())) {
            buckets.realign(time, window, slide, due -> evaluateAt(ctx.timerService(), due));
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
            WindowBuckets.View view = buckets.read(bucket);
            total += view.builds;
            for (KindBucket b : view.kinds) {
                KindBucket sum = sums.get(b.kindKey);
                sums.put(
                        b.kindKey,
                        sum == null
                                ? KindBuckets.copy(b)
                                : KindBuckets.merge(sum, b, rules.maxExamples));
            }
        }
        evaluate(sums, total, from, time, out);

        // The bucket the next window no longer covers is done with. Every bucket is evaluated at
        // its window's end (see next), so it leaves at exactly one evaluation: this one.
        long keepFrom = time + slide - window;
        for (long bucket = from; bucket < keepFrom; bucket += slide) {
            buckets.drop(bucket);
        }
        int stillFiring = 0;
        for (String ignored : active.keys()) {
            stillFiring++;
        }
        firing = stillFiring;
        // Next evaluation: every slide while an alert fires (its quiet period counts slides), else
        // only when the window's contents change, a bucket entering or leaving it; so a replay of
        // years with gaps does not evaluate every empty minute in between. (A bucket still ahead of
        // this evaluation has its own timer, set when its first build came.)
        long next = Long.MAX_VALUE;
        if (stillFiring > 0) {
            next = time + slide;
        }
        for (long bucket = keepFrom; bucket < time; bucket += slide) {
            if (buckets.hasBuilds(bucket)) {
                next = Math.min(next, bucket + window);
                break;
            }
        }
        if (next != Long.MAX_VALUE) {
            evaluateAt(ctx.timerService(), next);
        }
    }

    /**
     * Each kind of the window against its threshold: a crossing raises or updates its incident, a
     * kind below it for the quiet period resolves. Specific kinds go first: a stage roll-up only
     * pages for what they do not already explain.
     */
    private void evaluate(
            Map<String, KindBucket> sums, int total, long from, long time, Collector<Alert> out)
            throws Exception {
        Set<String> keys = new HashSet<>(sums.keySet());
        for (String key : active.keys()) {
            keys.add(key);
        }
        List<String> ordered = new ArrayList<>(keys);
        ordered.sort(
                Comparator.comparing((String k) -> k.contains(Alert.STAGE_SPIKE))
                        .thenComparing(k -> k));
        Set<String> stagesExplained = new HashSet<>();
        for (String key : ordered) {
            KindBucket sum = sums.get(key);
            ActiveAlert current = active.get(key);
            String kind = sum != null ? sum.kind : current.last.kind;
            String stage = sum != null ? sum.stage : current.last.stage;
            int failures = sum == null ? 0 : sum.failures;
            boolean over =
                    threshold(kind, sum != null ? sum.category : current.last.category)
                                    .isCrossedBy(failures, total)
                            && KindBuckets.accountCount(sum) >= rules.minAccounts;
            if (Alert.PLATFORM_SPIKE.equals(kind) && (over || current != null)) {
                stagesExplained.add(String.valueOf(stage));
                if (sum != null && sum.stages != null) {
                    stagesExplained.addAll(Arrays.asList(sum.stages));
                }
            }
            if (Alert.STAGE_SPIKE.equals(kind)
                    && current == null
                    && stagesExplained.contains(String.valueOf(stage))) {
                over = false;
            }
            if (over) {
                if (current == null) {
                    current = new ActiveAlert();
                    current.firstSeen = sum.firstSeen;
                    current.lastSeen = sum.lastSeen;
                    current.last =
                            AlertRecords.firing(sum, total, from, time, window, current, null);
                    current.last.startsAt = AlertRecords.iso(time);
                    current.last.revision = 1;
                    raised.inc();
                    out.collect(current.last);
                } else {
                    current.quietSince = Long.MIN_VALUE;
                    current.lastSeen = Math.max(current.lastSeen, sum.lastSeen);
                    if (failures != current.last.failures) {
                        current.last =
                                AlertRecords.firing(
                                        sum, total, from, time, window, current, current.last);
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
                    active.remove(key);
                    resolved.inc();
                    out.collect(AlertRecords.resolved(current.last, failures, total, from, time));
                } else {
                    active.put(key, current);
                }
            }
        }
    }

    /**
     * Evaluates the window ending at {@code windowEnd} once the watermark is {@link #delay} past
     * it.
     */
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
}
