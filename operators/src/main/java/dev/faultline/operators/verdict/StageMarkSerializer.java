package dev.faultline.operators.verdict;

import dev.faultline.operators.model.AsciiStrings;
import dev.faultline.operators.model.FieldByFieldSerializer;
import dev.faultline.operators.model.MigratesFromPojoSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link StageMark} field by field (the stage-marks list, and a build state's copy of it).
 * Lists that savepoints hold in the POJO serializer's format migrate on restore ({@link Snapshot}).
 */
public final class StageMarkSerializer extends FieldByFieldSerializer<StageMark> {
    private static final long serialVersionUID = 1L;

    @Override
    public StageMark createInstance() {
        return new StageMark();
    }

    @Override
    public void serialize(StageMark m, DataOutputView out) throws IOException {
        write(m, out);
    }

    @Override
    public StageMark deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    static void write(StageMark m, DataOutputView out) throws IOException {
        out.writeLong(m.line);
        AsciiStrings.write(m.stage, out);
        AsciiStrings.write(m.step, out);
    }

    static StageMark read(DataInputView in) throws IOException {
        StageMark m = new StageMark();
        m.line = in.readLong();
        m.stage = AsciiStrings.read(in);
        m.step = AsciiStrings.read(in);
        return m;
    }

    @Override
    public TypeSerializerSnapshot<StageMark> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (configuration-free) serializer; migrates the POJO serializer's lists. */
    public static final class Snapshot extends MigratesFromPojoSnapshot<StageMark> {
        public Snapshot() {
            super(StageMark.class, StageMarkSerializer::new);
        }
    }
}
