package dev.faultline.operators.model;

import dev.faultline.schemas.BuildEvent;

/**
 * Everything the per-build verdict operator consumes, in one keyed stream: consecutive tagged lines of
 * the build (those of one chunk, see {@code TagLinesOperator}), the end of a bounded log (alone, or with
 * the log's last lines), a CEP sequence match, or a platform build event. Besides {@link #buildId}, either
 * {@link #lines} and/or {@link #logEnd} is set, or exactly one of the others.
 */
public class BuildSignal {
    public String buildId;
    /** Lines of this build in log order; never empty when set. */
    public TaggedLine[] lines;
    public SequenceMatch match;
    public BuildEvent event;
    public LogEnd logEnd;

    public BuildSignal() {}

    public static BuildSignal of(TaggedLine line) {
        return of(new TaggedLine[] {line});
    }

    /** Consecutive lines of one build. */
    public static BuildSignal of(TaggedLine[] lines) {
        BuildSignal s = new BuildSignal();
        s.buildId = lines[0].buildId;
        s.lines = lines;
        return s;
    }

    public static BuildSignal of(SequenceMatch match) {
        BuildSignal s = new BuildSignal();
        s.buildId = match.buildId;
        s.match = match;
        return s;
    }

    public static BuildSignal of(BuildEvent event) {
        BuildSignal s = new BuildSignal();
        s.buildId = event.buildId();
        s.event = event;
        return s;
    }

    public static BuildSignal of(LogEnd end) {
        BuildSignal s = new BuildSignal();
        s.buildId = end.buildId;
        s.logEnd = end;
        return s;
    }
}
