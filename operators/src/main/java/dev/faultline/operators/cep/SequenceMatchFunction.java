package dev.faultline.operators.cep;

import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns one CEP match of a catalog sequence into a {@link SequenceMatch} for the verdict operator.
 */
public class SequenceMatchFunction extends PatternProcessFunction<TaggedLine, SequenceMatch> {
    private static final long serialVersionUID = 1L;

    private final SequenceRule rule;
    private transient Counter matches;

    public SequenceMatchFunction(SequenceRule rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        matches = getRuntimeContext().getMetricGroup().counter("sequenceMatches");
    }

    @Override
    public void processMatch(
            Map<String, List<TaggedLine>> match, Context ctx, Collector<SequenceMatch> out) {
        int n = rule.steps.length;
        SequenceMatch m = new SequenceMatch();
        m.sequenceId = rule.id;
        m.summary = rule.summary;
        m.lines = new long[n];
        m.texts = new String[n];
        for (int i = 0; i < n; i++) {
            List<TaggedLine> lines = match.get(SequencePatterns.stepName(i));
            TaggedLine line = lines.get(0);
            m.buildId = line.buildId;
            m.lines[i] = line.seq;
            m.texts[i] = line.text;
        }
        m.evidenceIndex = rule.evidenceStep;
        matches.inc();
        out.collect(m);
    }
}
