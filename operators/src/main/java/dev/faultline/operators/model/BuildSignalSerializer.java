package dev.faultline.operators.model;

import dev.faultline.schemas.BuildEvent;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link BuildSignal} field by field. Every line that reaches per-build state crosses the
 * key-by inside one, and Flink's POJO serializer (reflection per field, a null mask per object, the
 * build ID again for every line) was a tenth of the backfill's Java time on both sides of the
 * shuffle. A line's build ID is written only when it differs from the signal's; strings go through
 * {@link AsciiStrings}. Matches, events and log ends, one per signal at most, keep their POJO
 * serializers.
 *
 * <p>Signals only travel between operators and are never kept in state, so the format can change
 * without a migration; a snapshot exists only because Flink asks every serializer for one.
 */
public final class BuildSignalSerializer extends FieldByFieldSerializer<BuildSignal> {
    private static final long serialVersionUID = 1L;

    private static final int LINES = 1;
    private static final int MATCH = 2;
    private static final int EVENT = 4;
    private static final int LOG_END = 8;
    private static final int WHOLE_LOG = 16;

    /** A line whose build ID is not the signal's (never made by the graph, but kept exact). */
    private static final int OWN_BUILD = 1;

    private final TypeSerializer<SequenceMatch> matches;
    private final TypeSerializer<BuildEvent> events;
    private final TypeSerializer<LogEnd> ends;

    public BuildSignalSerializer() {
        this(pojo(SequenceMatch.class), pojo(BuildEvent.class), pojo(LogEnd.class));
    }

    private BuildSignalSerializer(
            TypeSerializer<SequenceMatch> matches,
            TypeSerializer<BuildEvent> events,
            TypeSerializer<LogEnd> ends) {
        this.matches = matches;
        this.events = events;
        this.ends = ends;
    }

    private static <T> TypeSerializer<T> pojo(Class<T> type) {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return TypeInformation.of(type).createSerializer(config);
    }

    @Override
    public TypeSerializer<BuildSignal> duplicate() {
        return new BuildSignalSerializer(matches.duplicate(), events.duplicate(), ends.duplicate());
    }

    @Override
    public BuildSignal createInstance() {
        return new BuildSignal();
    }

    @Override
    public void serialize(BuildSignal s, DataOutputView out) throws IOException {
        AsciiStrings.write(s.buildId, out);
        int kinds =
                (s.lines != null ? LINES : 0)
                        | (s.match != null ? MATCH : 0)
                        | (s.event != null ? EVENT : 0)
                        | (s.logEnd != null ? LOG_END : 0)
                        | (s.wholeLog ? WHOLE_LOG : 0);
        out.writeByte(kinds);
        if (s.lines != null) {
            out.writeInt(s.lines.length);
            for (TaggedLine line : s.lines) {
                writeLine(line, s.buildId, out);
            }
        }
        if (s.match != null) {
            matches.serialize(s.match, out);
        }
        if (s.event != null) {
            events.serialize(s.event, out);
        }
        if (s.logEnd != null) {
            ends.serialize(s.logEnd, out);
        }
    }

    private static void writeLine(TaggedLine t, String buildId, DataOutputView out)
            throws IOException {
        boolean own = t.buildId != buildId && (t.buildId == null || !t.buildId.equals(buildId));
        out.writeByte(own ? OWN_BUILD : 0);
        if (own) {
            AsciiStrings.write(t.buildId, out);
        }
        out.writeLong(t.seq);
        out.writeLong(t.eventTime);
        out.writeInt(t.errorScore);
        out.writeByte(t.boundary);
        out.writeBoolean(t.emphasized);
        AsciiStrings.write(t.timestamp, out);
        AsciiStrings.write(t.text, out);
        AsciiStrings.write(t.context, out);
        AsciiStrings.write(t.stage, out);
        AsciiStrings.write(t.step, out);
        AsciiStrings.write(t.end, out);
        if (t.hits == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.hits.length);
            for (Hit h : t.hits) {
                // a null element is kept as one with null fields: the tagger never makes either
                AsciiStrings.write(h == null ? null : h.id, out);
                AsciiStrings.write(h == null ? null : h.summary, out);
            }
        }
        if (t.steps == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.steps.length);
            for (String step : t.steps) {
                AsciiStrings.write(step, out);
            }
        }
    }

    @Override
    public BuildSignal deserialize(DataInputView in) throws IOException {
        BuildSignal s = new BuildSignal();
        s.buildId = AsciiStrings.read(in);
        int kinds = in.readByte();
        if ((kinds & LINES) != 0) {
            TaggedLine[] lines = new TaggedLine[in.readInt()];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = readLine(s.buildId, in);
            }
            s.lines = lines;
        }
        if ((kinds & MATCH) != 0) {
            s.match = matches.deserialize(in);
        }
        if ((kinds & EVENT) != 0) {
            s.event = events.deserialize(in);
        }
        if ((kinds & LOG_END) != 0) {
            s.logEnd = ends.deserialize(in);
        }
        s.wholeLog = (kinds & WHOLE_LOG) != 0;
        return s;
    }

    private static TaggedLine readLine(String buildId, DataInputView in) throws IOException {
        TaggedLine t = new TaggedLine();
        t.buildId = (in.readByte() & OWN_BUILD) != 0 ? AsciiStrings.read(in) : buildId;
        t.seq = in.readLong();
        t.eventTime = in.readLong();
        t.errorScore = in.readInt();
        t.boundary = in.readByte();
        t.emphasized = in.readBoolean();
        t.timestamp = AsciiStrings.read(in);
        t.text = AsciiStrings.read(in);
        t.context = AsciiStrings.read(in);
        t.stage = AsciiStrings.read(in);
        t.step = AsciiStrings.read(in);
        t.end = AsciiStrings.read(in);
        int hits = in.readInt();
        if (hits >= 0) {
            t.hits = new Hit[hits];
            for (int i = 0; i < hits; i++) {
                t.hits[i] = new Hit(AsciiStrings.read(in), AsciiStrings.read(in));
            }
        }
        int steps = in.readInt();
        if (steps >= 0) {
            t.steps = new String[steps];
            for (int i = 0; i < steps; i++) {
                t.steps[i] = AsciiStrings.read(in);
            }
        }
        return t;
    }

    @Override
    public TypeSerializerSnapshot<BuildSignal> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (configuration-free) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BuildSignal> {
        public Snapshot() {
            super(BuildSignalSerializer::new);
        }
    }
}
