package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tags every line before the key-by, so that tagging scales with the source's parallelism and only the
 * tag (not the text of uninteresting lines) crosses the network into per-build state.
 */
public class TagLinesFunction extends ProcessFunction<LogLine, TaggedLine> {
    private static final long serialVersionUID = 1L;

    private final SignatureCatalog catalog;
    private transient LineTagger tagger;
    private transient Counter linesIn;
    private transient Counter linesTagged;
    private transient Counter regexBudgetExceeded;
    private transient long budgetSeen;

    public TagLinesFunction(SignatureCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void open(OpenContext openContext) {
        tagger = new LineTagger(catalog);
        var group = getRuntimeContext().getMetricGroup();
        linesIn = group.counter("linesIn");
        linesTagged = group.counter("linesTagged");
        regexBudgetExceeded = group.counter("regexBudgetExceeded");
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
        out.collect(tagged);
    }
}
