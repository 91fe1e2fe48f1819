package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.TaggedLine;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Tags every line before the key-by, so that tagging scales with the source's parallelism and only
 * lines that matter cross the network into per-build state ({@link ProgressThinner}) and into CEP
 * ({@link SequenceReachFilter}).
 *
 * <p>Takes a chunk of consecutive lines of one build and emits each forwarded line as its own record at
 * the line's own event time (CEP orders lines by it). A plain function could only stamp every output
 * with the chunk's time, hence an operator.
 */
public class TagLinesOperator extends AbstractStreamOperator<TaggedLine>
        implements OneInputStreamOperator<LineChunk, TaggedLine> {
    private static final long serialVersionUID = 1L;

    private final SignatureCatalog catalog;
    private final boolean thin;
    private transient LineTagger tagger;
    private transient ProgressThinner thinner;
    private transient SequenceReachFilter reach;
    private transient StreamRecord<TaggedLine> reuse;
    private transient Counter linesIn;
    private transient Counter linesTagged;
    private transient Counter linesThinned;
    private transient Counter regexBudgetExceeded;
    private transient Counter sequenceTagsDropped;
    private transient long budgetSeen;
    private transient long droppedSeen;

    /**
     * @param thin drop uninteresting lines and unreachable sequence steps before the key-by (backfill,
     *     where each log is read whole and in order); false forwards every line (the live job, and the
     *     reference behaviour tests compare against)
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
        reach = new SequenceReachFilter(catalog);
        reuse = new StreamRecord<>(null);
        MetricGroup group = getRuntimeContext().getMetricGroup();
        linesIn = group.counter("linesIn");
        linesTagged = group.counter("linesTagged");
        regexBudgetExceeded = group.counter("regexBudgetExceeded");
        linesThinned = group.counter("linesThinned");
        sequenceTagsDropped = group.counter("sequenceTagsDropped");
    }

    @Override
    public void processElement(StreamRecord<LineChunk> record) {
        LineChunk chunk = record.getValue();
        int n = chunk.lines.length;
        linesIn.inc(n);
        for (int i = 0; i < n; i++) {
            TaggedLine tagged = tagger.tag(chunk.lines[i]);
            if (tagged.isInteresting()) {
                linesTagged.inc();
            }
            if (thin) {
                // Same guarantee as thinning: a backfill reads each log whole and in order.
                reach.apply(tagged);
            }
            if (!thin || thinner.forward(tagged)) {
                long time = chunk.eventTimes != null ? chunk.eventTimes[i] : TaggedLine.NO_TIME;
                if (time != TaggedLine.NO_TIME) {
                    output.collect(reuse.replace(tagged, time));
                } else {
                    reuse.replace(tagged);
                    reuse.eraseTimestamp();
                    output.collect(reuse);
                }
            } else {
                linesThinned.inc();
            }
        }
        long exceeded = tagger.regexBudgetExceeded();
        if (exceeded != budgetSeen) {
            regexBudgetExceeded.inc(exceeded - budgetSeen);
            budgetSeen = exceeded;
        }
        long dropped = reach.tagsDropped();
        if (dropped != droppedSeen) {
            sequenceTagsDropped.inc(dropped - droppedSeen);
            droppedSeen = dropped;
        }
    }
}
