package dev.faultline.operators.verdict;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link TailLine} field by field. A failed build keeps its last 40 lines in state until
 * its verdict, and the reflective POJO serializer made writing and reading them back a tenth of a
 * backfill's verdict work. The tail is cleared with every verdict, so a format change only ever
 * meets tails of open builds; {@link Snapshot} is where a future version would read the old format.
 */
public final class TailLineSerializer extends TypeSerializer<TailLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<TailLine> duplicate() {
        return this;
    }

    @Override
    public TailLine createInstance() {
        return new TailLine();
    }

    @Override
    public TailLine copy(TailLine from) {
        TailLine t = new TailLine();
        t.line = from.line;
        t.text = from.text;
        t.emphasized = from.emphasized;
        t.score = from.score;
        t.severity = from.severity;
        t.ordinal = from.ordinal;
        t.shapeHash = from.shapeHash;
        t.shapeOrdinal = from.shapeOrdinal;
        return t;
    }

    @Override
    public TailLine copy(TailLine from, TailLine reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TailLine t, DataOutputView out) throws IOException {
        out.writeLong(t.line);
        StringValue.writeString(t.text, out);
        out.writeBoolean(t.emphasized);
        out.writeInt(t.score);
        out.writeInt(t.severity);
        out.writeInt(t.ordinal);
        out.writeInt(t.shapeHash);
        out.writeInt(t.shapeOrdinal);
    }

    @Override
    public TailLine deserialize(DataInputView in) throws IOException {
        TailLine t = new TailLine();
        t.line = in.readLong();
        t.text = StringValue.readString(in);
        t.emphasized = in.readBoolean();
        t.score = in.readInt();
        t.severity = in.readInt();
        t.ordinal = in.readInt();
        t.shapeHash = in.readInt();
        t.shapeOrdinal = in.readInt();
        return t;
    }

    @Override
    public TailLine deserialize(TailLine reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TailLineSerializer;
    }

    @Override
    public int hashCode() {
        return TailLineSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<TailLine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (configuration-free) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TailLine> {
        public Snapshot() {
            super(TailLineSerializer::new);
        }
    }
}
