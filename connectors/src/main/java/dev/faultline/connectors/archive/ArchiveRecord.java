package dev.faultline.connectors.archive;

import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;

/**
 * What the archive reader produces: a chunk of consecutive lines of one log, a build event, the end
 * of a log, or a dead letter.
 */
public class ArchiveRecord {
    public LineChunk chunk;
    public BuildEvent event;
    public LogEnd end;
    public DeadLetter dead;

    /** Whether the record comes from a build-events file (read before any log). */
    public boolean fromEventsFile;

    public ArchiveRecord() {}

    static ArchiveRecord chunk(LineChunk chunk) {
        ArchiveRecord r = new ArchiveRecord();
        r.chunk = chunk;
        return r;
    }

    /** How many read-order ticks the record takes: one per line, and one for an end of log. */
    int ticks() {
        return chunk != null ? chunk.lines.length + (chunk.end != null ? 1 : 0) : 1;
    }

    static ArchiveRecord event(BuildEvent event) {
        ArchiveRecord r = new ArchiveRecord();
        r.event = event;
        r.fromEventsFile = true;
        return r;
    }

    static ArchiveRecord end(LogEnd end) {
        ArchiveRecord r = new ArchiveRecord();
        r.end = end;
        return r;
    }

    static ArchiveRecord dead(DeadLetter dead) {
        ArchiveRecord r = new ArchiveRecord();
        r.dead = dead;
        return r;
    }
}
