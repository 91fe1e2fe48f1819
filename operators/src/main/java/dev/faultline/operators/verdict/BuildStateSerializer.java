package dev.faultline.operators.verdict;

import dev.faultline.operators.model.AsciiStrings;
import dev.faultline.operators.model.FieldByFieldSerializer;
import dev.faultline.operators.model.MigratesFromPojoSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link BuildState} field by field. The state value is read and written once per bundle
 * of lines, and Flink's reflective POJO serializer (a null flag and a field lookup per field,
 * nested POJO serializers for the arrays) was the largest part of the verdict operator's state work
 * in the live job. Savepoints written with the POJO serializer restore through {@link Snapshot},
 * which has RocksDB migrate them on restore.
 */
public final class BuildStateSerializer extends FieldByFieldSerializer<BuildState> {
    private static final long serialVersionUID = 1L;

    private static final TailLineSerializer TAIL = new TailLineSerializer();

    @Override
    public BuildState createInstance() {
        return new BuildState();
    }

    @Override
    public void serialize(BuildState s, DataOutputView out) throws IOException {
        AsciiStrings.write(s.stage, out);
        AsciiStrings.write(s.step, out);
        out.writeLong(s.lines);
        AsciiStrings.write(s.firstTimestamp, out);
        out.writeLong(s.firstTimestampLine);
        AsciiStrings.write(s.lastTimestamp, out);
        out.writeLong(s.lastTimestampLine);
        StateArrays.writeInts(s.hitsStored, out);
        out.writeInt(s.errorLinesStored);
        out.writeInt(s.stageMarksStored);
        out.writeInt(s.tailStored);
        out.writeInt(s.errorLinesSeen);
        out.writeLong(s.failedAt);
        out.writeLong(s.blockStart);
        StateArrays.writeInts(s.shapeHashes, out);
        StateArrays.writeInts(s.shapeCounts, out);
        out.writeInt(s.shapes);
        StateArrays.writeObjects(s.pending, HitRecordSerializer::write, out);
        out.writeBoolean(s.endOfInputTimerSkipped);
        out.writeLong(s.inactivityTimer);
        out.writeLong(s.lastActivity);
        AsciiStrings.write(s.logEnd, out);
        out.writeLong(s.logEndLine);
        out.writeBoolean(s.logComplete);
        AsciiStrings.write(s.logProblem, out);
        AsciiStrings.write(s.eventOutcome, out);
        AsciiStrings.write(s.workerName, out);
        AsciiStrings.write(s.accountId, out);
        AsciiStrings.write(s.repoName, out);
        AsciiStrings.write(s.branch, out);
        AsciiStrings.write(s.commitHash, out);
        StateArrays.writeObjects(s.stageMarks, StageMarkSerializer::write, out);
        StateArrays.writeObjects(s.hits, HitRecordSerializer::write, out);
        StateArrays.writeObjects(s.errorLines, HitRecordSerializer::write, out);
        StateArrays.writeObjects(s.tail, TAIL::serialize, out);
        out.writeLong(s.decisionTime);
        AsciiStrings.write(s.decidedBy, out);
    }

    @Override
    public BuildState deserialize(DataInputView in) throws IOException {
        BuildState s = new BuildState();
        s.stage = AsciiStrings.read(in);
        s.step = AsciiStrings.read(in);
        s.lines = in.readLong();
        s.firstTimestamp = AsciiStrings.read(in);
        s.firstTimestampLine = in.readLong();
        s.lastTimestamp = AsciiStrings.read(in);
        s.lastTimestampLine = in.readLong();
        s.hitsStored = StateArrays.readInts(in);
        s.errorLinesStored = in.readInt();
        s.stageMarksStored = in.readInt();
        s.tailStored = in.readInt();
        s.errorLinesSeen = in.readInt();
        s.failedAt = in.readLong();
        s.blockStart = in.readLong();
        s.shapeHashes = StateArrays.readInts(in);
        s.shapeCounts = StateArrays.readInts(in);
        s.shapes = in.readInt();
        s.pending = StateArrays.readObjects(HitRecordSerializer::read, HitRecord[]::new, in);
        s.endOfInputTimerSkipped = in.readBoolean();
        s.inactivityTimer = in.readLong();
        s.lastActivity = in.readLong();
        s.logEnd = AsciiStrings.read(in);
        s.logEndLine = in.readLong();
        s.logComplete = in.readBoolean();
        s.logProblem = AsciiStrings.read(in);
        s.eventOutcome = AsciiStrings.read(in);
        s.workerName = AsciiStrings.read(in);
        s.accountId = AsciiStrings.read(in);
        s.repoName = AsciiStrings.read(in);
        s.branch = AsciiStrings.read(in);
        s.commitHash = AsciiStrings.read(in);
        s.stageMarks = StateArrays.readObjects(StageMarkSerializer::read, StageMark[]::new, in);
        s.hits = StateArrays.readObjects(HitRecordSerializer::read, HitRecord[]::new, in);
        s.errorLines = StateArrays.readObjects(HitRecordSerializer::read, HitRecord[]::new, in);
        s.tail = StateArrays.readObjects(TAIL::deserialize, TailLine[]::new, in);
        s.decisionTime = in.readLong();
        s.decidedBy = AsciiStrings.read(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<BuildState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (configuration-free) serializer; migrates the POJO serializer's state. */
    public static final class Snapshot extends MigratesFromPojoSnapshot<BuildState> {
        public Snapshot() {
            super(BuildState.class, BuildStateSerializer::new);
        }
    }
}
