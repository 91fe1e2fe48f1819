package dev.faultline.operators.verdict;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Vocabulary;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.CauseContext;
import dev.faultline.operators.model.Hit;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.RecordTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per-build state and the verdict, keyed by build ID.
 *
 * <p>Lines, CEP matches, build events and log ends arrive on one keyed stream. An end (an end-of-job
 * line, the end of a bounded log, or a build event plus a settle delay) schedules an event-time timer at
 * that signal's timestamp; the verdict is decided when the watermark passes it. Waiting for the
 * watermark is what guarantees that CEP, which runs on a parallel path, has already delivered every
 * multi-line match for the lines before the end.
 *
 * <p>After the verdict the build's state is cleared; a small tombstone remembers the decision for
 * {@link GraphOptions#verdictRetention} so that late lines become dead letters, not a second verdict.
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

    /** Fires when a bounded input ends (the final watermark), for builds nothing else ended. */
    static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    static final ValueStateDescriptor<BuildState> BUILD =
            new ValueStateDescriptor<>("build", TypeInformation.of(BuildState.class));

    private final SignatureCatalog catalog;
    private final LineRanker ranker;
    private final GraphOptions options;

    /** Hits kept per severity: the earliest ones of each severity are the ones that can be cited. */
    static final int HITS_PER_SEVERITY = 64;
    /** Error-like lines appended before the list is compacted to its best {@link BuildState#MAX_ERROR_LINES}. */
    static final int ERROR_LINES_BEFORE_COMPACTION = 256;

    static final ListStateDescriptor<HitRecord> HITS =
            new ListStateDescriptor<>("hits", TypeInformation.of(HitRecord.class));
    static final ListStateDescriptor<HitRecord> ERROR_LINES =
            new ListStateDescriptor<>("error-lines", TypeInformation.of(HitRecord.class));
    static final ListStateDescriptor<StageMark> STAGE_MARKS =
            new ListStateDescriptor<>("stage-marks", TypeInformation.of(StageMark.class));
    /** The last non-blank lines before the failing step's end: context and fallback evidence. */
    static final ListStateDescriptor<TailLine> TAIL = new ListStateDescriptor<>("tail", new TailLineSerializer());

    private transient ValueState<BuildState> build;
    private transient ListState<HitRecord> hits;
    private transient ListState<HitRecord> errorLines;
    private transient ListState<StageMark> stageMarks;
    private transient ListState<TailLine> tail;
    private transient ValueState<Boolean> decided;
    /**
     * List entries of the signal being applied, appended with one {@code addAll} per list at its end:
     * a batch of lines would otherwise cost one RocksDB merge per hit, error line and step marker.
     */
    private transient List<HitRecord> newHits;
    private transient List<HitRecord> newErrorLines;
    private transient List<StageMark> newStageMarks;
    private transient List<TailLine> newTail;
    private transient Classifier classifier;
    private transient Map<String, Counter> verdictCounters;
    private transient Counter lateSignals;
    /** Candidate lines the ranker threw on (each ranked last instead). */
    private transient Counter rankerFailures;
    private transient long rankerFailuresSeen;
    /** Failed verdicts by category and fault, registered when first seen. */
    private transient Map<String, Counter> failureCounters;
    private transient MetricGroup metrics;
    /**
     * Builds with open state in this subtask (the {@code openBuilds} gauge). Kept in operator state, so
     * the gauge is right after a restore; after rescaling the per-subtask values shift but their sum holds.
     */
    private transient long openBuilds;
    private transient ListState<Long> openBuildsState;
    /** The queue end-of-input timers go to when {@link BuildVerdictOperator} gives them one; else null. */
    private transient InternalTimerService<VoidNamespace> endOfInputTimers;

    public BuildVerdictFunction(SignatureCatalog catalog, LineRanker ranker, GraphOptions options) {
        this.catalog = catalog;
        this.ranker = ranker;
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        build = getRuntimeContext().getState(BUILD);
        hits = getRuntimeContext().getListState(HITS);
        errorLines = getRuntimeContext().getListState(ERROR_LINES);
        stageMarks = getRuntimeContext().getListState(STAGE_MARKS);
        tail = getRuntimeContext().getListState(TAIL);
        ValueStateDescriptor<Boolean> decidedDescriptor = new ValueStateDescriptor<>("decided", Types.BOOLEAN);
        decidedDescriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(options.verdictRetention)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        decided = getRuntimeContext().getState(decidedDescriptor);
        classifier = new Classifier(catalog, ranker);
        newHits = new ArrayList<>();
        newErrorLines = new ArrayList<>();
        newStageMarks = new ArrayList<>();
        newTail = new ArrayList<>();
        metrics = getRuntimeContext().getMetricGroup();
        verdictCounters = new HashMap<>();
        failureCounters = new HashMap<>();
        for (String outcome : new String[] {"success", "failure", "canceled", "unknown"}) {
            verdictCounters.put(outcome, metrics.addGroup("outcome", outcome).counter("verdicts"));
        }
        lateSignals = metrics.counter("signalsAfterVerdict");
        rankerFailures = metrics.counter("rankerFailures");
        metrics.gauge("openBuilds", (Gauge<Long>) () -> openBuilds);
    }

    /**
     * Keeps end-of-input timers in a queue of their own. In one queue with the verdict timers they made
     * every verdict timer's insert and poll sift through all of them: a backfill's build events give
     * every build of the archive such a timer until its log is read.
     */
    void useEndOfInputTimers(InternalTimerService<VoidNamespace> timers) {
        this.endOfInputTimers = timers;
    }

    private void registerEndOfInput(Context ctx) {
        if (endOfInputTimers != null) {
            endOfInputTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, END_OF_INPUT);
        } else {
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
    }

    /**
     * A build restored from state written before the separate queue existed may have its timer in the
     * verdict queue; it stays there and, should it ever fire, finds no state.
     */
    private void deleteEndOfInput(OnTimerContext ctx) {
        if (endOfInputTimers != null) {
            endOfInputTimers.deleteEventTimeTimer(VoidNamespace.INSTANCE, END_OF_INPUT);
        } else {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        openBuildsState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("open-builds", Types.LONG));
        openBuilds = 0;
        if (context.isRestored()) {
            for (Long n : openBuildsState.get()) {
                openBuilds += n;
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        openBuildsState.update(List.of(openBuilds));
    }

    @Override
    public void processElement(BuildSignal signal, Context ctx, Collector<BuildVerdict> out) throws Exception {
        // Entries of another key must never carry over (an earlier signal that failed mid-way).
        newHits.clear();
        newErrorLines.clear();
        newStageMarks.clear();
        newTail.clear();
        BuildState s = build.value();
        // Only a build without open state can have been decided already: one read for open builds.
        if (s == null && Boolean.TRUE.equals(decided.value())) {
            if (signal.lines != null) {
                for (TaggedLine line : signal.lines) {
                    lateSignals.inc();
                    ctx.output(LATE, afterVerdict(signal.buildId, "log line", Long.toString(line.seq)));
                }
                return;
            }
            if (signal.logEnd != null) {
                return; // a control signal, not data: the log it closes was already judged
            }
            lateSignals.inc();
            ctx.output(LATE, afterVerdict(signal));
            return;
        }
        boolean created = s == null;
        if (created) {
            s = new BuildState();
            openBuilds++;
        }
        long now = ctx.timestamp() != null ? ctx.timestamp() : ctx.timerService().currentWatermark() + 1;
        boolean firstActivity = s.lastActivity == Long.MIN_VALUE;
        s.lastActivity = Math.max(s.lastActivity, now);
        if (firstActivity && options.inactivityTimeout != null) {
            s.inactivityTimer = now + options.inactivityTimeout.toMillis();
            ctx.timerService().registerEventTimeTimer(s.inactivityTimer);
        }

        if (signal.lines != null) {
            // One state read and write for the whole batch; each line keeps its own event time.
            for (TaggedLine line : signal.lines) {
                applyLine(s, line, line.eventTime != TaggedLine.NO_TIME ? line.eventTime : now, ctx);
            }
        }
        if (signal.logEnd != null) {
            applyLogEnd(s, signal.logEnd, now, ctx);
        } else if (signal.match != null) {
            applyMatch(s, signal.match);
        } else if (signal.event != null) {
            applyEvent(s, signal.event, now, ctx);
        }
        if (created) {
            // The safety net for a build nothing else ends: decided when a bounded input runs out. A
            // build whose first signal already schedules its verdict (a whole log with its end, as a
            // backfill reads most logs) never needs it, and skipping it saves a timer insert and delete.
            if (s.decisionTime == Long.MIN_VALUE) {
                registerEndOfInput(ctx);
            } else {
                s.endOfInputTimerSkipped = true;
            }
        }
        appendNewEntries();
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
        completePending(s, line.seq, shown);
        if (line.stage != null) {
            s.stage = line.stage;
            s.step = null;
        }
        if (line.step != null) {
            s.step = line.step;
        }
        if ((line.stage != null || line.step != null) && s.stageMarksStored < BuildState.MAX_STAGE_MARKS) {
            newStageMarks.add(new StageMark(line.seq, s.stage, s.step));
            s.stageMarksStored++;
        }
        boolean failingEnd = line.endsFailingBlock();
        // A failing end line may name its stage too ("Failed: ... build command"); it ends the block.
        if (s.failedAt == 0 && !failingEnd && (line.stage != null || line.boundary == TaggedLine.BLOCK_START)) {
            s.blockStart = line.seq;
        }
        HitRecord lineRecord = record(s, line.seq, shown);
        lineRecord.emphasized = line.emphasized;
        if (line.isCandidate()) {
            countShape(s, lineRecord);
            holdCandidate(s, line, lineRecord);
        }
        if (s.failedAt == 0 && !failingEnd) {
            addToTail(s, lineRecord);
        }
        if (failingEnd && s.failedAt == 0) {
            s.failedAt = line.seq;
        }
        if (line.end != null && s.logEnd == null) {
            s.logEnd = line.end;
            s.logEndLine = line.seq;
            if (!options.logEndsAreMarked) {
                schedule(s, now, "log", ctx);
            }
        }
    }

    /**
     * The candidate's records (one per signature hit, or one for an error-like line) wait in the build's
     * value for the next non-blank line, which may complete them (the message under a header).
     */
    private void holdCandidate(BuildState s, TaggedLine line, HitRecord lineRecord) {
        List<HitRecord> held = new ArrayList<>(2);
        lineRecord.score = line.errorScore;
        if (line.hits == null) {
            lineRecord.ordinal = s.errorLinesSeen++;
        }
        if (line.hits != null) {
            for (Hit hit : line.hits) {
                SignatureCatalog.Cause c = catalog.cause(hit.id);
                HitRecord r = copyOf(lineRecord);
                r.signatureId = hit.id;
                r.summary = hit.summary;
                r.severityRank = c == null ? 0 : c.severity.rank;
                int rank = Math.max(0, Math.min(r.severityRank, s.hitsStored.length - 1));
                lineRecord.severityRank = Math.max(lineRecord.severityRank, r.severityRank);
                if (s.hitsStored[rank] < HITS_PER_SEVERITY) {
                    s.hitsStored[rank]++;
                    held.add(r);
                }
            }
        }
        if (line.hits == null) {
            held.add(copyOf(lineRecord));
        }
        s.pending = held.isEmpty() ? null : held.toArray(new HitRecord[0]);
    }

    /** A non-blank line after a held candidate completes it, and the candidate goes to its list. */
    private void completePending(BuildState s, long seq, String text) throws Exception {
        if (s.pending == null || seq <= s.pending[0].line) {
            return; // a tail line sent late, from before the candidate
        }
        for (HitRecord r : s.pending) {
            r.followLine = seq;
            r.followText = text;
        }
        releasePending(s);
    }

    private void releasePending(BuildState s) throws Exception {
        if (s.pending == null) {
            return;
        }
        for (HitRecord r : s.pending) {
            if (r.signatureId != null) {
                newHits.add(r);
            } else {
                newErrorLines.add(r);
                if (++s.errorLinesStored >= ERROR_LINES_BEFORE_COMPACTION) {
                    appendNewEntries();
                    List<HitRecord> best = HitRanking.best(errorLines.get(), HitRanking.ERROR_LINES, BuildState.MAX_ERROR_LINES);
                    errorLines.update(best);
                    s.errorLinesStored = best.size();
                }
            }
        }
        s.pending = null;
    }

    /** Counts the candidate line's shape; the record learns how many earlier lines had it. */
    private static void countShape(BuildState s, HitRecord r) {
        int h = LineShape.hash(r.text);
        r.shapeHash = h;
        if (s.shapeHashes == null) {
            s.shapeHashes = new int[8];
            s.shapeCounts = new int[8];
        }
        for (int i = 0; i < s.shapes; i++) {
            if (s.shapeHashes[i] == h) {
                r.shapeOrdinal = s.shapeCounts[i]++;
                return;
            }
        }
        r.shapeOrdinal = 0;
        if (s.shapes < BuildState.MAX_SHAPES) {
            if (s.shapes == s.shapeHashes.length) {
                s.shapeHashes = java.util.Arrays.copyOf(s.shapeHashes, s.shapes * 2);
                s.shapeCounts = java.util.Arrays.copyOf(s.shapeCounts, s.shapes * 2);
            }
            s.shapeHashes[s.shapes] = h;
            s.shapeCounts[s.shapes++] = 1;
        }
    }

    /** Keeps the line among the last {@link CauseContext#TAIL_LINES} before the failing end. */
    private void addToTail(BuildState s, HitRecord lineRecord) throws Exception {
        newTail.add(TailLine.of(lineRecord));
        if (++s.tailStored >= 2 * CauseContext.TAIL_LINES) {
            appendNewEntries();
            List<TailLine> last = lastLines(tail.get(), CauseContext.TAIL_LINES);
            tail.update(last);
            s.tailStored = last.size();
        }
    }

    /** The {@code n} lines with the highest numbers, in line order, each line once. */
    static List<TailLine> lastLines(Iterable<TailLine> lines, int n) {
        List<TailLine> all = new ArrayList<>();
        if (lines != null) {
            lines.forEach(all::add);
        }
        all.sort(java.util.Comparator.comparingLong(t -> t.line));
        List<TailLine> last = new ArrayList<>(Math.min(n, all.size()));
        for (int i = all.size() - 1; i >= 0 && last.size() < n; i--) {
            if (last.isEmpty() || last.get(last.size() - 1).line != all.get(i).line) {
                last.add(all.get(i));
            }
        }
        java.util.Collections.reverse(last);
        return last;
    }

    private static HitRecord copyOf(HitRecord r) {
        HitRecord c = new HitRecord();
        c.line = r.line;
        c.text = r.text;
        c.stage = r.stage;
        c.step = r.step;
        c.emphasized = r.emphasized;
        c.shapeHash = r.shapeHash;
        c.shapeOrdinal = r.shapeOrdinal;
        c.score = r.score;
        c.ordinal = r.ordinal;
        c.severityRank = r.severityRank;
        return c;
    }

    /** Writes the list entries collected while applying a signal, one merge per list. */
    private void appendNewEntries() throws Exception {
        if (!newHits.isEmpty()) {
            hits.addAll(newHits);
            newHits.clear();
        }
        if (!newErrorLines.isEmpty()) {
            errorLines.addAll(newErrorLines);
            newErrorLines.clear();
        }
        if (!newStageMarks.isEmpty()) {
            stageMarks.addAll(newStageMarks);
            newStageMarks.clear();
        }
        if (!newTail.isEmpty()) {
            tail.addAll(newTail);
            newTail.clear();
        }
    }

    /** Appends a hit unless its severity already has {@link #HITS_PER_SEVERITY} earlier ones. */
    private void addHit(BuildState s, HitRecord r) throws Exception {
        int rank = Math.max(0, Math.min(r.severityRank, s.hitsStored.length - 1));
        if (s.hitsStored[rank] < HITS_PER_SEVERITY) {
            newHits.add(r);
            s.hitsStored[rank]++;
        }
    }

    private void applyMatch(BuildState s, SequenceMatch m) throws Exception {
        SignatureCatalog.Cause c = catalog.cause(m.sequenceId);
        int e = m.evidenceIndex;
        HitRecord r = record(s, m.lines[e], m.texts[e]);
        r.signatureId = m.sequenceId;
        r.summary = m.summary;
        r.severityRank = c == null ? 0 : c.severity.rank;
        int others = m.lines.length - 1;
        r.contextLines = new long[others];
        r.contextTexts = new String[others];
        for (int i = 0, k = 0; i < m.lines.length; i++) {
            if (i != e) {
                r.contextLines[k] = m.lines[i];
                r.contextTexts[k++] = m.texts[i];
            }
        }
        addHit(s, r);
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
        s.lines = Math.max(s.lines, end.lines);
        if (end.lastTimestamp != null && end.lines >= s.lastTimestampLine) {
            s.lastTimestamp = end.lastTimestamp;
            s.lastTimestampLine = end.lines;
        }
        s.logComplete = true;
        s.logProblem = end.problem;
        schedule(s, now, s.logEnd != null ? "log" : "end-of-input", ctx);
    }

    private static HitRecord record(BuildState s, long line, String text) {
        HitRecord r = new HitRecord();
        r.line = line;
        r.text = text;
        r.stage = s.stage;
        r.step = s.step;
        return r;
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BuildVerdict> out) throws Exception {
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

    private void decide(BuildState s, String by, OnTimerContext ctx, Collector<BuildVerdict> out) throws Exception {
        if (s.logEnd != null && "end-of-input".equals(by)) {
            by = "log"; // the log's own end-of-job line ended it, whichever signal arrived first
        }
        // The counters say which lists hold anything: most builds have no hits, many no error lines, and
        // reading or clearing an empty list is still a RocksDB lookup (and a clear writes a tombstone).
        boolean anyHits = false;
        for (int n : s.hitsStored) {
            anyHits |= n > 0;
        }
        boolean anyErrorLines = s.errorLinesStored > 0;
        boolean anyMarks = s.stageMarksStored > 0;
        boolean anyTail = s.tailStored > 0;
        List<HitRecord> heldHits = new ArrayList<>();
        List<HitRecord> heldErrorLines = new ArrayList<>();
        if (s.pending != null) {
            for (HitRecord r : s.pending) {
                (r.signatureId != null ? heldHits : heldErrorLines).add(r);
            }
        }
        s.hits = HitRanking.best(with(anyHits ? hits.get() : null, heldHits), HitRanking.SIGNATURES, BuildState.MAX_HITS)
                .toArray(new HitRecord[0]);
        s.errorLines = HitRanking.best(with(anyErrorLines ? errorLines.get() : null, heldErrorLines),
                        HitRanking.ERROR_LINES, BuildState.MAX_ERROR_LINES)
                .toArray(new HitRecord[0]);
        s.tail = lastLines(anyTail ? tail.get() : null, CauseContext.TAIL_LINES).toArray(new TailLine[0]);
        List<StageMark> marks = new ArrayList<>();
        Iterable<StageMark> stored = anyMarks ? stageMarks.get() : null;
        if (stored != null) {
            stored.forEach(marks::add);
        }
        marks.sort(java.util.Comparator.comparingLong(m -> m.line));
        s.stageMarks = marks.toArray(new StageMark[0]);
        placeHitsInStages(s);
        CauseLines causeLines = CauseLines.of(ctx.getCurrentKey(), s);
        BuildVerdict verdict = classifier.decide(ctx.getCurrentKey(), s, causeLines, by);
        long failed = classifier.rankerFailures();
        rankerFailures.inc(failed - rankerFailuresSeen);
        rankerFailuresSeen = failed;
        if (options.emitCandidateSets) {
            ctx.output(CANDIDATE_SETS, causeLines.set);
        }
        Counter counter = verdictCounters.get(verdict.outcome);
        if (counter != null) {
            counter.inc();
        }
        if ("failure".equals(verdict.outcome)) {
            String category = verdict.category == null ? "none" : verdict.category;
            String fault = verdict.fault == null ? "none" : verdict.fault;
            failureCounters.computeIfAbsent(category + "/" + fault,
                    k -> metrics.addGroup("category", category).addGroup("fault", fault).counter("failures")).inc();
        }
        openBuilds--;
        out.collect(verdict);
        build.clear();
        if (anyHits) {
            hits.clear();
        }
        if (anyErrorLines) {
            errorLines.clear();
        }
        if (anyMarks) {
            stageMarks.clear();
        }
        if (anyTail) {
            tail.clear();
        }
        decided.update(Boolean.TRUE);
        if (!s.endOfInputTimerSkipped) {
            deleteEndOfInput(ctx);
        }
        if (s.inactivityTimer != Long.MIN_VALUE) {
            ctx.timerService().deleteEventTimeTimer(s.inactivityTimer);
        }
    }

    /**
     * Sets each hit's stage and step from the step markers before its line. CEP matches travel a
     * separate path and may overtake the markers that precede them, so stages are resolved here, when
     * everything up to the watermark has arrived, not when a hit arrives.
     */
    private static void placeHitsInStages(BuildState s) {
        if (s.stageMarks.length == 0) {
            return;
        }
        for (HitRecord[] records : new HitRecord[][] {s.hits, s.errorLines}) {
            for (HitRecord r : records) {
                r.stage = null;
                r.step = null;
                for (StageMark m : s.stageMarks) {
                    if (m.line > r.line) {
                        break;
                    }
                    r.stage = m.stage;
                    r.step = m.step;
                }
            }
        }
    }

    /** The stored records followed by those still held in the build's value. */
    private static List<HitRecord> with(Iterable<HitRecord> stored, List<HitRecord> held) {
        List<HitRecord> all = new ArrayList<>(held.size() + 8);
        if (stored != null) {
            stored.forEach(all::add);
        }
        all.addAll(held);
        return all;
    }

    private static DeadLetter afterVerdict(BuildSignal signal) {
        String what;
        if (signal.event != null) {
            what = "build event " + signal.event.type;
        } else if (signal.match != null) {
            what = "sequence match " + signal.match.sequenceId;
        } else {
            what = "end of log";
        }
        return afterVerdict(signal.buildId, what, null);
    }

    private static DeadLetter afterVerdict(String buildId, String what, String position) {
        return new DeadLetter(
                "after-verdict",
                what + " arrived after the build's verdict was emitted; the verdict is not revised",
                "graph",
                position,
                buildId);
    }
}
