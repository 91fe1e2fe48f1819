package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.TaggedLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Tags every line before the key-by, so that tagging scales with the source's parallelism and only
 * lines that matter cross the network into per-build state ({@link ProgressThinner}) and into CEP
 * ({@link SequenceReachFilter}).
 *
 * <p>Takes a chunk of consecutive lines of one build and emits two things:
 *
 * <ul>
 *   <li>one {@link BuildSignal} with the chunk's forwarded lines (and the end of the log, when the
 *       chunk carries it), so the verdict operator reads and writes the build's RocksDB state once
 *       per chunk, not once per line. A chunk is whole when it arrives, so nothing is ever held
 *       back: no flush on watermarks or barriers is needed. Each line keeps its own event time
 *       ({@link TaggedLine#eventTime});
 *   <li>each line that carries a sequence step, on {@link #STEP_LINES} at the line's own event
 *       time, for CEP (which orders lines by it).
 * </ul>
 *
 * A live stream's chunks hold one line each, so there every line is its own signal, sent at once.
 */
public class TagLinesOperator extends AbstractStreamOperator<BuildSignal>
        implements OneInputStreamOperator<LineChunk, BuildSignal> {
    private static final long serialVersionUID = 1L;

    /** Lines with at least one sequence step, for the CEP operators. */
    public static final OutputTag<TaggedLine> STEP_LINES =
            new OutputTag<>("step-lines", TypeInformation.of(TaggedLine.class));

    private final SignatureCatalog catalog;
    private final boolean thin;
    private transient LineTagger tagger;
    private transient ProgressThinner thinner;
    private transient ContextWindow context;
    private transient SequenceReachFilter reach;
    private transient List<TaggedLine> forwarded;
    private transient StreamRecord<TaggedLine> stepRecord;
    private transient Counter linesIn;
    private transient Counter linesTagged;
    private transient Counter linesThinned;
    private transient Counter regexBudgetExceeded;
    private transient Counter sequenceTagsDropped;
    private transient long budgetSeen;
    private transient Counter regexStackOverflows;
    private transient long overflowsSeen;
    private transient long droppedSeen;

    /**
     * @param thin drop uninteresting lines and unreachable sequence steps before the key-by
     *     (backfill, where each log is read whole and in order); false forwards every line (the
     *     live job, and the reference behaviour tests compare against)
     */
    public TagLinesOperator(SignatureCatalog catalog, boolean thin) {
        this.catalog = catalog;
        this.thin = thin;
    }

    @Override
    public void open() throws Exception {
        super.open();
        tagger = new LineTagger(catalog);
        thinner = new ProgressThinner();
        context = new ContextWindow();
        reach = new SequenceReachFilter(catalog);
        forwarded = new ArrayList<>();
        stepRecord = new StreamRecord<>(null);
        MetricGroup group = getRuntimeContext().getMetricGroup();
        linesIn = group.counter("linesIn");
        linesTagged = group.counter("linesTagged");
        regexBudgetExceeded = group.counter("regexBudgetExceeded");
        regexStackOverflows = group.counter("regexStackOverflows");
        linesThinned = group.counter("linesThinned");
        sequenceTagsDropped = group.counter("sequenceTagsDropped");
    }

    @Override
    public void processElement(StreamRecord<LineChunk> record) {
        LineChunk chunk = record.getValue();
        int n = chunk.lines.length;
        linesIn.inc(n);
        forwarded.clear();
        boolean anyStep = false;
        for (int i = 0; i < n; i++) {
            TaggedLine tagged = tagger.tag(chunk.lines[i]);
            if (tagged.isInteresting()) {
                linesTagged.inc();
            }
            if (thin) {
                // Same guarantee as thinning: a backfill reads each log whole and in order.
                reach.apply(tagged);
            }
            long time = chunk.eventTimes != null ? chunk.eventTimes[i] : TaggedLine.NO_TIME;
            tagged.eventTime = time;
            if (tagged.hasSteps()) {
                anyStep = true;
                if (time != TaggedLine.NO_TIME) {
                    output.collect(STEP_LINES, stepRecord.replace(tagged, time));
                } else {
                    stepRecord.replace(tagged);
                    stepRecord.eraseTimestamp();
                    output.collect(STEP_LINES, stepRecord);
                }
            }
            if (!thin) {
                // A live chunk's lines cross with their text: the verdict operator keeps the
                // context it needs itself. A blank line crosses only as the chunk's first or last,
                // which keep the build's line count and first and last timestamps exact.
                if (!tagged.isInteresting()) {
                    ContextText.attach(tagged, chunk.lines[i].text);
                }
                if (tagged.shownText() != null || i == 0 || i == n - 1) {
                    forwarded.add(tagged);
                } else {
                    linesThinned.inc();
                }
            } else {
                context.accept(chunk.lines[i], tagged, thinner.forward(tagged), forwarded);
                // Counted when read; a line sent later as part of the failing step's tail stays
                // counted.
                if (forwarded.isEmpty() || forwarded.get(forwarded.size() - 1) != tagged) {
                    linesThinned.inc();
                }
            }
        }
        if (thin && chunk.end != null) {
            context.endOfLog(forwarded);
        }
        if (thin && context.takeReordered()) {
            // Tail lines held back went out behind later ones: the signal's lines stay in log
            // order.
            forwarded.sort(java.util.Comparator.comparingLong(t -> t.seq));
        }
        emitSignal(chunk, record, thin && !anyStep && isWholeLog(chunk));
        countDelta();
    }

    /**
     * The chunk's forwarded lines and its end of log, if any, as one signal at the latest time
     * among them.
     */
    private void emitSignal(LineChunk chunk, StreamRecord<LineChunk> record, boolean wholeLog) {
        if (forwarded.isEmpty() && chunk.end == null) {
            return;
        }
        long latest = TaggedLine.NO_TIME;
        for (TaggedLine t : forwarded) {
            latest = t.eventTime != TaggedLine.NO_TIME ? Math.max(latest, t.eventTime) : latest;
        }
        BuildSignal signal = new BuildSignal();
        signal.buildId = chunk.buildId;
        if (!forwarded.isEmpty()) {
            signal.lines = forwarded.toArray(new TaggedLine[0]);
        }
        signal.logEnd = chunk.end;
        signal.wholeLog = wholeLog;
        if (chunk.end != null && record.hasTimestamp()) {
            // The end takes the chunk's own time, after every line in it.
            latest = record.getTimestamp();
        }
        if (latest != TaggedLine.NO_TIME) {
            output.collect(new StreamRecord<>(signal, latest));
        } else {
            output.collect(new StreamRecord<>(signal));
        }
    }

    /**
     * Whether the chunk holds its log from the first line to the end: then the signal made of it is
     * all the log will ever send (with thinning, lines that are not forwarded are only counted).
     */
    private static boolean isWholeLog(LineChunk chunk) {
        return chunk.end != null && chunk.lines.length > 0 && chunk.lines[0].seq == 1;
    }

    /**
     * The tagger and the filter count cumulatively; metrics take the increase since the last chunk.
     */
    private void countDelta() {
        long exceeded = tagger.regexBudgetExceeded();
        regexBudgetExceeded.inc(exceeded - budgetSeen);
        budgetSeen = exceeded;
        long overflows = tagger.regexStackOverflows();
        regexStackOverflows.inc(overflows - overflowsSeen);
        overflowsSeen = overflows;
        long dropped = reach.tagsDropped();
        sequenceTagsDropped.inc(dropped - droppedSeen);
        droppedSeen = dropped;
    }
}
