package dev.faultline.operators.verdict;

import dev.faultline.operators.model.AsciiStrings;
import dev.faultline.operators.model.FieldByFieldSerializer;
import dev.faultline.operators.model.MigratesFromPojoSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link HitRecord} field by field: the entries of the hits and error-lines lists, which
 * every bundle with a candidate line appends to and every verdict reads back, and a build's pending
 * records in its {@link BuildStateSerializer state value}. Null strings and arrays stay null. Lists
 * that savepoints hold in the POJO serializer's format migrate on restore ({@link Snapshot}).
 */
public final class HitRecordSerializer extends FieldByFieldSerializer<HitRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public HitRecord createInstance() {
        return new HitRecord();
    }

    @Override
    public void serialize(HitRecord r, DataOutputView out) throws IOException {
        write(r, out);
    }

    @Override
    public HitRecord deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    @Override
    public TypeSerializerSnapshot<HitRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (configuration-free) serializer; migrates the POJO serializer's lists. */
    public static final class Snapshot extends MigratesFromPojoSnapshot<HitRecord> {
        public Snapshot() {
            super(HitRecord.class, HitRecordSerializer::new);
        }
    }

    static void write(HitRecord r, DataOutputView out) throws IOException {
        out.writeLong(r.line);
        AsciiStrings.write(r.text, out);
        AsciiStrings.write(r.signatureId, out);
        AsciiStrings.write(r.summary, out);
        out.writeInt(r.severityRank);
        AsciiStrings.write(r.stage, out);
        AsciiStrings.write(r.step, out);
        out.writeInt(r.score);
        out.writeBoolean(r.emphasized);
        out.writeInt(r.ordinal);
        out.writeInt(r.shapeHash);
        out.writeInt(r.shapeOrdinal);
        out.writeLong(r.followLine);
        AsciiStrings.write(r.followText, out);
        StateArrays.writeLongs(r.contextLines, out);
        StateArrays.writeStrings(r.contextTexts, out);
    }

    static HitRecord read(DataInputView in) throws IOException {
        HitRecord r = new HitRecord();
        r.line = in.readLong();
        r.text = AsciiStrings.read(in);
        r.signatureId = AsciiStrings.read(in);
        r.summary = AsciiStrings.read(in);
        r.severityRank = in.readInt();
        r.stage = AsciiStrings.read(in);
        r.step = AsciiStrings.read(in);
        r.score = in.readInt();
        r.emphasized = in.readBoolean();
        r.ordinal = in.readInt();
        r.shapeHash = in.readInt();
        r.shapeOrdinal = in.readInt();
        r.followLine = in.readLong();
        r.followText = AsciiStrings.read(in);
        r.contextLines = StateArrays.readLongs(in);
        r.contextTexts = StateArrays.readStrings(in);
        return r;
    }
}
