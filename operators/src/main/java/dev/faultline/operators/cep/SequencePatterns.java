package dev.faultline.operators.cep;

import dev.faultline.operators.catalog.LineRule;
import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.Timestamps;
import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * Builds the Flink CEP pattern for one catalog sequence: each step must follow the previous one
 * within its {@code maxLines} (and {@code maxSeconds} when both lines carry timestamps), with an
 * optional line that must not occur between consecutive steps. Matches never overlap (skip past
 * last event).
 */
public final class SequencePatterns {
    private SequencePatterns() {}

    /** The CEP pattern name of step {@code i} (0-based). */
    public static String stepName(int i) {
        return "step" + (i + 1);
    }

    public static Pattern<TaggedLine, TaggedLine> create(SequenceRule rule) {
        return create(rule, Duration.ofSeconds(rule.withinSeconds));
    }

    static Pattern<TaggedLine, TaggedLine> create(SequenceRule rule, Duration within) {
        LineRule[] steps = rule.steps;
        Pattern<TaggedLine, TaggedLine> pattern =
                Pattern.<TaggedLine>begin(stepName(0), AfterMatchSkipStrategy.skipPastLastEvent())
                        .where(new HasStep(key(steps[0])));
        for (int i = 1; i < steps.length; i++) {
            if (rule.notFollowedBy != null) {
                pattern = pattern.notFollowedBy("not" + i).where(new HasStep(rule.id + "#not"));
            }
            pattern =
                    pattern.followedBy(stepName(i))
                            .where(
                                    new StepWithinReach(
                                            key(steps[i]),
                                            stepName(i - 1),
                                            steps[i].maxLines,
                                            steps[i].maxSeconds));
        }
        // Bounds how long a partial match may wait in state (event time, or processing time where
        // CEP matches lines on arrival); the line/second limits above are the real semantics, this
        // only guarantees cleanup.
        return pattern.within(within);
    }

    static String key(LineRule step) {
        return step.sequenceId + "#" + (step.stepIndex + 1);
    }

    /** The line carries the tag of a given step. */
    static final class HasStep extends SimpleCondition<TaggedLine> {
        private static final long serialVersionUID = 1L;
        private final String key;

        HasStep(String key) {
            this.key = key;
        }

        @Override
        public boolean filter(TaggedLine line) {
            return line.hasStep(key);
        }
    }

    /** The line carries the step's tag and lies within reach of the previous step's line. */
    static final class StepWithinReach extends IterativeCondition<TaggedLine> {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String previous;
        private final int maxLines;
        private final int maxSeconds;

        StepWithinReach(String key, String previous, int maxLines, int maxSeconds) {
            this.key = key;
            this.previous = previous;
            this.maxLines = maxLines;
            this.maxSeconds = maxSeconds;
        }

        @Override
        public boolean filter(TaggedLine line, Context<TaggedLine> ctx) throws Exception {
            if (!line.hasStep(key)) {
                return false;
            }
            TaggedLine prev = null;
            for (TaggedLine p : ctx.getEventsForPattern(previous)) {
                prev = p;
            }
            if (prev == null) {
                return false;
            }
            long distance = line.seq - prev.seq;
            if (distance <= 0 || distance > maxLines) {
                return false;
            }
            if (maxSeconds > 0 && line.timestamp != null && prev.timestamp != null) {
                long now = Timestamps.parseMillis(line.timestamp);
                long before = Timestamps.parseMillis(prev.timestamp);
                return now == Timestamps.NONE
                        || before == Timestamps.NONE
                        || now - before <= maxSeconds * 1000L;
            }
            return true;
        }
    }
}
