package dev.faultline.operators.verdict;

import dev.faultline.operators.model.FieldByFieldSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
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
public final class TailLineSerializer extends FieldByFieldSerializer<TailLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public TailLine createInstance() {
        return new TailLine();
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
