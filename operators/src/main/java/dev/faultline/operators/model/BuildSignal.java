package dev.faultline.operators.model;

import dev.faultline.schemas.BuildEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the per-build verdict operator consumes, in one keyed stream: consecutive tagged lines
 * of the build (those of one chunk, see {@code TagLinesOperator}), the end of a bounded log (alone,
 * or with the log's last lines), a CEP sequence match, or a platform build event. Besides {@link
 * #buildId}, either {@link #lines} and/or {@link #logEnd} is set, or exactly one of the others.
 * Serialized by {@link BuildSignalSerializer}.
 */
@TypeInfo(BuildSignalTypeInfo.Factory.class)
public class BuildSignal {
    public String buildId;

    /** Lines of this build in log order; never empty when set. */
    public TaggedLine[] lines;

    public SequenceMatch match;
    public BuildEvent event;
    public LogEnd logEnd;

    /**
     * Set by tagging on a signal that carries a build's whole log with its end (all of it came in
     * one chunk) and none of whose lines went to CEP: nothing but a build event can still add to
     * this build, so per-build state may decide it at once (see {@code
     * GraphOptions#wholeLogsDecidedFromWatermark}).
     */
    public boolean wholeLog;

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

    /**
     * A build event trimmed to what per-build state keeps of it (type, worker, account, repository,
     * branch, commit, outcome). Every build's event crosses the key-by; its commit message, author,
     * commands and step times would be serialized and read back only to be dropped.
     */
    public static BuildSignal ofEssentials(BuildEvent event) {
        BuildEvent e = new BuildEvent();
        e.type = event.type;
        if (event.source != null) {
            e.source = new BuildEvent.Source();
            e.source.workerName = event.source.workerName;
        }
        if (event.metadata != null) {
            e.metadata = new BuildEvent.Metadata();
            e.metadata.accountId = event.metadata.accountId;
        }
        if (event.payload != null) {
            e.payload = new BuildEvent.Payload();
            e.payload.buildUuid = event.payload.buildUuid;
            e.payload.buildOutcome = event.payload.buildOutcome;
            BuildEvent.TriggerMetadata t = event.payload.buildTriggerMetadata;
            if (t != null) {
                e.payload.buildTriggerMetadata = new BuildEvent.TriggerMetadata();
                e.payload.buildTriggerMetadata.repoName = t.repoName;
                e.payload.buildTriggerMetadata.branch = t.branch;
                e.payload.buildTriggerMetadata.commitHash = t.commitHash;
            }
        }
        return of(e);
    }

    public static BuildSignal of(LogEnd end) {
        BuildSignal s = new BuildSignal();
        s.buildId = end.buildId;
        s.logEnd = end;
        return s;
    }
}
