package dev.faultline.operators.verdict;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.RecordTypes;
import dev.faultline.schemas.Vocabulary;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per-build state and the verdict, keyed by build ID.
 *
 * <p>Lines, CEP matches, build events and log ends arrive on one keyed stream. An end (an
 * end-of-job line, the end of a bounded log, or a build event plus a settle delay) schedules an
 * event-time timer at that signal's timestamp; the verdict is decided when the watermark passes it.
 * Waiting for the watermark is what guarantees that CEP, which runs on a parallel path, has already
 * delivered every multi-line match for the lines before the end. A backfill may skip the wait for a
 * build none of whose lines went to CEP, whose whole log came in one signal after all build events
 * had passed ({@link GraphOptions#wholeLogsDecidedFromWatermark}): it is decided as it arrives.
 *
 * <p>After the verdict the build's state is cleared; a small tombstone remembers the decision for
 * {@link GraphOptions#verdictRetention} so that late lines become dead letters, not a second
 * verdict.
 */
public class BuildVerdictFunction extends KeyedProcessFunction<String, BuildSignal, BuildVerdict>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Signals that arrived after their build's verdict. */
    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("after-verdict", RecordTypes.DEAD_LETTER);

    /** Every decided build's candidate cause lines, when {@link GraphOptions#emitCandidateSets}. */
    public static final OutputTag<CandidateSet> CANDIDATE_SETS =
            new OutputTag<>("candidate-sets", TypeInformation.of(CandidateSet.class));

    /** Every decided build's signature hits, when {@link GraphOptions#emitSignatureHits}. */
    public static final OutputTag<BuildHits> SIGNATURE_HITS =
            new OutputTag<>("signature-hits", TypeInformation.of(BuildHits.class));

    /** Fires when a bounded input ends (the final watermark), for builds nothing else ended. */
    static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    /** Per open build; before its own serializer it was written by the POJO serializer. */
    static final ValueStateDescriptor<BuildState> BUILD =
            new ValueStateDescriptor<>("build", new BuildStateSerializer());

    private final SignatureCatalog catalog;
    private final LineRanker ranker;
    private final GraphOptions options;

    private transient ValueState<BuildState> build;
    private transient ValueState<Boolean> decided;
    private transient BuildEvidence evidence;
    private transient Classifier classifier;
    private transient VerdictMetrics metrics;
    private transient ListState<Long> openBuildsState;

    /** Open builds counted before {@link #open} made the metrics (a restore), else 0. */
    private transient long restoredOpenBuilds;

    /**
     * Under {@link BuildVerdictOperator}, the queue where end-of-input timers restored from an
     * older savepoint wait; null when the function runs in a plain operator, whose builds register
     * their own end-of-input timers.
     */
    private transient InternalTimerService<VoidNamespace> endOfInputTimers;

    public BuildVerdictFunction(SignatureCatalog catalog, LineRanker ranker, GraphOptions options) {
        this.catalog = catalog;
        this.ranker = ranker;
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        build = getRuntimeContext().getState(buildStateDescriptor());
        ValueStateDescriptor<Boolean> decidedDescriptor =
                new ValueStateDescriptor<>("decided", Types.BOOLEAN);
        decidedDescriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(options.verdictRetention)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        decided = getRuntimeContext().getState(decidedDescriptor);
        evidence = new BuildEvidence(evidenceLists(), catalog);
        classifier = new Classifier(catalog, ranker);
        metrics = new VerdictMetrics(getRuntimeContext().getMetricGroup());
        metrics.openBuilds = restoredOpenBuilds;
    }

    /** The per-build state; a test substitutes the earlier POJO-serialized one. */
    ValueStateDescriptor<BuildState> buildStateDescriptor() {
        return BUILD;
    }

    /** The per-build evidence lists; a test substitutes the earlier POJO-serialized ones. */
    EvidenceLists evidenceLists() {
        return EvidenceLists.keyed(getRuntimeContext());
    }

    /**
     * The operator decides every build still open at the end of the input (by calling {@link
     * #onTimer} at {@link #END_OF_INPUT} for it), so builds register no end-of-input timer; {@code
     * restoredTimers} is the queue where end-of-input timers from an older savepoint still wait
     * (they were kept apart from the verdict timers, whose every insert and poll sifted through
     * them), to be deleted when their build is decided first.
     */
    void openBuildsDecidedAtEnd(InternalTimerService<VoidNamespace> restoredTimers) {
        this.endOfInputTimers = restoredTimers;
    }

    private boolean openBuildsDecidedAtEnd() {
        return endOfInputTimers != null;
    }

    /** Whether the current key's build has state (is open). */
    boolean isOpen() throws IOException {
        return build.value() != null;
    }

    /**
     * A build restored from state written before the separate queue existed may have its timer in
     * the verdict queue; it stays there and, should it ever fire, finds no state.
     */
    private void deleteEndOfInput(Context ctx) {
        if (endOfInputTimers != null) {
            endOfInputTimers.deleteEventTimeTimer(VoidNamespace.INSTANCE, END_OF_INPUT);
        } else {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        openBuildsState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("open-builds", Types.LONG));
        restoredOpenBuilds = 0;
        if (context.isRestored()) {
            for (Long n : openBuildsState.get()) {
                restoredOpenBuilds += n;
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        openBuildsState.update(List.of(metrics.openBuilds));
    }

    @Override
    public void processElement(BuildSignal signal, Context ctx, Collector<BuildVerdict> out)
            throws Exception {
        evidence.beginSignal();
        BuildState s = build.value();
        // Only a build without open state can have been decided already: one read for open builds.
        if (s == null && Boolean.TRUE.equals(decided.value())) {
            if (signal.lines != null) {
                for (TaggedLine line : signal.lines) {
                    metrics.lateSignal();
                    ctx.output(LATE, AfterVerdict.ofLine(signal.buildId, line.seq));
                }
                return;
            }
            if (signal.logEnd != null) {
                return; // a control signal, not data: the log it closes was already judged
            }
            metrics.lateSignal();
            ctx.output(LATE, AfterVerdict.of(signal));
            return;
        }
        boolean created = s == null;
        // A CEP match found in processing time (lines in log order) has no time of its own and
        // says nothing about when the build was last active; its lines, which have, say that.
        // Dating it by the watermark instead put a build whose match came first, before the first
        // watermark, at Long.MIN_VALUE: its inactivity timer fell due at once and its verdict,
        // stamped before 1970, failed the Kafka sink again after every restart.
        boolean timed = ctx.timestamp() != null;
        long now = timed ? ctx.timestamp() : ctx.timerService().currentWatermark() + 1;
        if (signal.wholeLog
                && signal.logEnd != null
                && (created || onlyEventsSoFar(s))
                && options.decidesWholeLogsAt(ctx.timerService().currentWatermark())) {
            decideOnArrival(s, signal, now, ctx, out);
            return;
        }
        if (created) {
            s = new BuildState();
            metrics.openBuilds++;
        }
        if (timed) {
            boolean firstActivity = s.lastActivity == Long.MIN_VALUE;
            s.lastActivity = Math.max(s.lastActivity, now);
            if (firstActivity && options.inactivityTimeout != null) {
                s.inactivityTimer = now + options.inactivityTimeout.toMillis();
                ctx.timerService().registerEventTimeTimer(s.inactivityTimer);
            }
        }

        if (signal.lines != null) {
            // One state read and write for the whole batch; each line keeps its own event time.
            for (TaggedLine line : signal.lines) {
                applyLine(
                        s, line, line.eventTime != TaggedLine.NO_TIME ? line.eventTime : now, ctx);
            }
        }
        if (signal.logEnd != null) {
            applyLogEnd(s, signal.logEnd, now, ctx);
        } else if (signal.match != null) {
            evidence.applyMatch(s, signal.match);
        } else if (signal.event != null) {
            applyEvent(s, signal.event, now, ctx);
        }
        if (created) {
            // The safety net for a build nothing else ends: decided when a bounded input runs out.
            // A build whose first signal already schedules its verdict (a whole log with its end,
            // as a backfill reads most logs) never needs it, nor does a live build with an
            // inactivity timer: that timer is earlier, so when a live job's input ends (stop
            // --drain) it decides the build first anyway. Skipping it saves a timer insert and
            // delete per build, in RocksDB for the live job. Under BuildVerdictOperator no build
            // needs it: the operator decides the open ones when the input ends.
            if (s.decisionTime == Long.MIN_VALUE
                    && s.inactivityTimer == Long.MIN_VALUE
                    && !openBuildsDecidedAtEnd()) {
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            } else {
                s.endOfInputTimerSkipped = true;
            }
        }
        evidence.flush();
        build.update(s);
    }

    private void applyLine(BuildState s, TaggedLine line, long now, Context ctx) throws Exception {
        s.lines = Math.max(s.lines, line.seq);
        if (line.timestamp != null) {
            // By line number, not arrival: robust even if a source reorders lines.
            if (s.firstTimestamp == null || line.seq < s.firstTimestampLine) {
                s.firstTimestamp = line.timestamp;
                s.firstTimestampLine = line.seq;
            }
            if (s.lastTimestamp == null || line.seq > s.lastTimestampLine) {
                s.lastTimestamp = line.timestamp;
                s.lastTimestampLine = line.seq;
            }
        }
        String shown = line.shownText();
        if (shown == null) {
            return; // blank, or crossed only to keep counts and times
        }
        evidence.applyLine(s, line, shown);
        // The last end line wins: a user's command can print an end line of its own ("Success:
        // Deploy command completed") before it fails and the platform prints the real one. Live,
        // the verdict waits a short confirmation for that later line; a backfill has the whole log.
        if (line.end != null && (s.logEnd == null || line.seq > s.logEndLine)) {
            s.logEnd = line.end;
            s.logEndLine = line.seq;
            if (!options.logEndsAreMarked) {
                schedule(s, now + options.endLineConfirmation.toMillis(), "log", ctx);
            }
        }
    }

    private void applyEvent(BuildState s, BuildEvent event, long now, Context ctx) {
        if (event.source != null && event.source.workerName != null) {
            s.workerName = event.source.workerName;
        }
        if (event.metadata != null && event.metadata.accountId != null) {
            s.accountId = event.metadata.accountId;
        }
        if (event.payload != null) {
            BuildEvent.TriggerMetadata t = event.payload.buildTriggerMetadata;
            if (t != null) {
                s.repoName = t.repoName != null ? t.repoName : s.repoName;
                s.branch = t.branch != null ? t.branch : s.branch;
                s.commitHash = t.commitHash != null ? t.commitHash : s.commitHash;
            }
            String outcome = event.payload.buildOutcome;
            // Parsing rejects other values; this guards events built by other code paths.
            if (outcome != null && Vocabulary.ENDS.contains(outcome)) {
                s.eventOutcome = outcome;
                if (options.eventSettleDelay != null) {
                    schedule(s, now + options.eventSettleDelay.toMillis(), "event", ctx);
                }
            }
        }
    }

    private void applyLogEnd(BuildState s, LogEnd end, long now, Context ctx) {
        endLog(s, end);
        schedule(s, now, endedBy(s), ctx);
    }

    private static void endLog(BuildState s, LogEnd end) {
        s.lines = Math.max(s.lines, end.lines);
        if (end.lastTimestamp != null && end.lines >= s.lastTimestampLine) {
            s.lastTimestamp = end.lastTimestamp;
            s.lastTimestampLine = end.lines;
        }
        s.logComplete = true;
        s.logProblem = end.problem;
    }

    /** What decides a build whose log has ended: its own end-of-job line, else the end alone. */
    private static String endedBy(BuildState s) {
        return s.logEnd != null ? "log" : "end-of-input";
    }

    /**
     * Whether the build's state holds nothing but what its build events brought (a backfill reads
     * them before any log): no line, no evidence, no end, no decision pending.
     */
    private static boolean onlyEventsSoFar(BuildState s) {
        for (int n : s.hitsStored) {
            if (n > 0) {
                return false;
            }
        }
        return s.lines == 0
                && s.logEnd == null
                && !s.logComplete
                && s.pending == null
                && s.errorLinesStored == 0
                && s.stageMarksStored == 0
                && s.tailStored == 0
                && s.decisionTime == Long.MIN_VALUE;
    }

    /**
     * A build whose whole log came in this one signal, with none of its lines sent to CEP, while
     * the watermark says every build event has passed ({@link
     * GraphOptions#wholeLogsDecidedFromWatermark}): no signal can follow that would change its
     * verdict, so it is decided now, exactly as its timer would decide it once the watermark passed
     * its end. Its evidence stays on the heap and no verdict timer is registered; of keyed state
     * only the decided tombstone is written (it still turns a second copy of the log into dead
     * letters), and the value its events made, if any, is cleared with its end-of-input timer.
     *
     * @param open the build's state from its events, or null when this signal is its first
     */
    private void decideOnArrival(
            BuildState open, BuildSignal signal, long now, Context ctx, Collector<BuildVerdict> out)
            throws Exception {
        BuildState s = open != null ? open : new BuildState();
        s.lastActivity = Math.max(s.lastActivity, now);
        evidence.onHeap();
        try {
            if (signal.lines != null) {
                for (TaggedLine line : signal.lines) {
                    applyLine(
                            s,
                            line,
                            line.eventTime != TaggedLine.NO_TIME ? line.eventTime : now,
                            ctx);
                }
            }
            endLog(s, signal.logEnd);
            s.decisionTime = now;
            s.decidedBy = endedBy(s);
            evidence.flush();
            BuildVerdict verdict = verdictOf(s, s.decidedBy, ctx);
            if (open != null) {
                metrics.openBuilds--;
            }
            out.collect(verdict);
            if (open != null) {
                build.clear();
                deleteTimersOf(s, ctx);
            }
            decided.update(Boolean.TRUE);
        } finally {
            evidence.inState();
        }
    }

    /** The verdict is due at {@code time}; the earliest end wins. */
    private static void schedule(BuildState s, long time, String by, Context ctx) {
        if (s.decisionTime == Long.MIN_VALUE || time < s.decisionTime) {
            s.decisionTime = time;
            s.decidedBy = by;
            ctx.timerService().registerEventTimeTimer(time);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BuildVerdict> out)
            throws Exception {
        BuildState s = build.value();
        if (s == null) {
            return;
        }
        if (s.decisionTime != Long.MIN_VALUE && timestamp >= s.decisionTime) {
            decide(s, s.decidedBy, ctx, out);
        } else if (timestamp == END_OF_INPUT) {
            decide(s, "end-of-input", ctx, out);
        } else if (options.inactivityTimeout != null && s.decisionTime == Long.MIN_VALUE) {
            long due = s.lastActivity + options.inactivityTimeout.toMillis();
            if (timestamp >= due) {
                decide(s, "inactivity", ctx, out);
            } else {
                s.inactivityTimer = due;
                ctx.timerService().registerEventTimeTimer(due);
                build.update(s);
            }
        }
    }

    private void decide(BuildState s, String by, OnTimerContext ctx, Collector<BuildVerdict> out)
            throws Exception {
        BuildVerdict verdict = verdictOf(s, by, ctx);
        metrics.openBuilds--;
        out.collect(verdict);
        build.clear();
        evidence.clear(s);
        decided.update(Boolean.TRUE);
        deleteTimersOf(s, ctx);
    }

    /** Deletes the decided build's end-of-input and inactivity timers, if it has them. */
    private void deleteTimersOf(BuildState s, Context ctx) {
        if (!s.endOfInputTimerSkipped) {
            deleteEndOfInput(ctx);
        }
        if (s.inactivityTimer != Long.MIN_VALUE) {
            ctx.timerService().deleteEventTimeTimer(s.inactivityTimer);
        }
    }

    /** The verdict on the build's evidence (and its candidate lines, when those are wanted). */
    private BuildVerdict verdictOf(BuildState s, String by, Context ctx) throws Exception {
        if (s.logEnd != null && "end-of-input".equals(by)) {
            by = "log"; // the log's own end-of-job line ended it, whichever signal arrived first
        }
        evidence.readInto(s);
        CauseLines causeLines = CauseLines.of(ctx.getCurrentKey(), s);
        BuildVerdict verdict = classifier.decide(ctx.getCurrentKey(), s, causeLines, by);
        metrics.verdict(verdict, classifier.rankerFailures());
        if (options.emitCandidateSets) {
            ctx.output(CANDIDATE_SETS, causeLines.set);
        }
        if (options.emitSignatureHits) {
            ctx.output(SIGNATURE_HITS, BuildHits.of(ctx.getCurrentKey(), s.hits));
        }
        return verdict;
    }
}
