package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tags every line before the key-by, so that tagging scales with the source's parallelism and only
 * lines that matter cross the network into per-build state ({@link ProgressThinner}).
 */
public class TagLinesFunction extends ProcessFunction<LogLine, TaggedLine> {
    private static final long serialVersionUID = 1L;

    private final SignatureCatalog catalog;
    private final boolean thin;
    private transient LineTagger tagger;
    private transient ProgressThinner thinner;
    private transient SequenceReachFilter reach;
    private transient Counter sequenceTagsDropped;
    private transient long droppedSeen;
    private transient Counter linesThinned;
    private transient Counter linesIn;
    private transient Counter linesTagged;
    private transient Counter regexBudgetExceeded;
    private transient long budgetSeen;

    /**
     * @param thin drop uninteresting lines before the key-by (production); false forwards every line
     *     (the reference behaviour tests compare against)
     */
    public TagLinesFunction(SignatureCatalog catalog, boolean thin) {
        this.catalog = catalog;
        this.thin = thin;
    }

    @Override
    public void open(OpenContext openContext) {
        tagger = new LineTagger(catalog);
        thinner = new ProgressThinner();
        reach = new SequenceReachFilter(catalog);
        var group = getRuntimeContext().getMetricGroup();
        linesIn = group.counter("linesIn");
        linesTagged = group.counter("linesTagged");
        regexBudgetExceeded = group.counter("regexBudgetExceeded");
        linesThinned = group.counter("linesThinned");
        sequenceTagsDropped = group.counter("sequenceTagsDropped");
    }

    @Override
    public void processElement(LogLine line, Context ctx, Collector<TaggedLine> out) {
        linesIn.inc();
        TaggedLine tagged = tagger.tag(line);
        if (tagged.isInteresting()) {
            linesTagged.inc();
        }
        long exceeded = tagger.regexBudgetExceeded();
        if (exceeded != budgetSeen) {
            regexBudgetExceeded.inc(exceeded - budgetSeen);
            budgetSeen = exceeded;
        }
        if (thin) {
            // Same guarantee as thinning: a backfill reads each log whole and in order.
            reach.apply(tagged);
            long dropped = reach.tagsDropped();
            if (dropped != droppedSeen) {
                sequenceTagsDropped.inc(dropped - droppedSeen);
                droppedSeen = dropped;
            }
        }
        if (!thin || thinner.forward(tagged)) {
            out.collect(tagged);
        } else {
            linesThinned.inc();
        }

    }
}
