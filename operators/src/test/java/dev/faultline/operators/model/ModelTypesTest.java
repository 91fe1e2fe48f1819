package dev.faultline.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.verdict.BuildState;
import dev.faultline.operators.verdict.HitRecord;
import dev.faultline.schemas.BuildEvent;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The operators' own records and the per-build state are Flink POJOs that never need Kryo; the
 * signals that cross the key-by have their own serializer.
 */
class ModelTypesTest {
    private static final List<Class<?>> TYPES =
            List.of(
                    TaggedLine.class,
                    Hit.class,
                    SequenceMatch.class,
                    LogEnd.class,
                    LineChunk.class,
                    BuildState.class,
                    HitRecord.class);

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    @Test
    void everyTypeIsAPojoWithAKryoFreeSerializer() {
        for (Class<?> type : TYPES) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            assertThat(info.createSerializer(noGenericTypes()))
                    .as(type.getSimpleName())
                    .isNotNull();
        }
    }

    @Test
    void buildSignalsHaveTheirOwnSerializer() {
        TypeInformation<BuildSignal> info = TypeInformation.of(BuildSignal.class);
        assertThat(info).isInstanceOf(BuildSignalTypeInfo.class);
        assertThat(info.createSerializer(noGenericTypes()))
                .isInstanceOf(BuildSignalSerializer.class);
    }

    @Test
    void aBatchOfLinesWithItsEndRoundTripsAndCopies() throws Exception {
        TaggedLine plain = new TaggedLine();
        plain.buildId = "b";
        plain.seq = 1;
        plain.timestamp = "2025-05-29T13:00:01.123Z";
        plain.eventTime = 17;
        TaggedLine tagged = new TaggedLine();
        tagged.buildId = "b";
        tagged.seq = 2;
        tagged.text = "npm ERR! code E404 — ünïcödé";
        tagged.stage = "install";
        tagged.step = "deps";
        tagged.end = "failure";
        tagged.hits = new Hit[] {new Hit("npm-404", null), new Hit(null, "s")};
        tagged.steps = new String[0];
        tagged.errorScore = 3;
        TaggedLine stranger = new TaggedLine();
        stranger.buildId = "other";
        stranger.seq = 9;
        BuildSignal batch = BuildSignal.of(new TaggedLine[] {plain, tagged, stranger});
        batch.logEnd = new LogEnd("b", 2, null);
        batch.logEnd.lastTimestamp = "2025-05-29T13:00:02Z";
        batch.wholeLog = true;
        BuildSignal back = roundTrip(BuildSignal.class, batch);
        assertThat(back).usingRecursiveComparison().isEqualTo(batch);
        assertThat(back.lines[0].buildId)
                .as("a line's build ID is the signal's")
                .isSameAs(back.buildId);
        TypeSerializer<BuildSignal> serializer =
                TypeInformation.of(BuildSignal.class).createSerializer(noGenericTypes());
        assertThat(serializer.copy(batch))
                .usingRecursiveComparison()
                .isEqualTo(batch)
                .isNotSameAs(batch);
        assertThat(serializer.duplicate()).isEqualTo(serializer);
    }

    @Test
    void buildSignalRoundTripsEachVariant() throws Exception {
        TaggedLine line = new TaggedLine();
        line.buildId = "b";
        line.seq = 3;
        line.text = "npm ERR! x";
        line.stage = "build";
        line.hits = new Hit[] {new Hit("npm-x", "summary")};
        line.steps = new String[] {"seq#1", "seq#not"};
        line.errorScore = 4;
        assertThat(roundTrip(BuildSignal.class, BuildSignal.of(line)))
                .usingRecursiveComparison()
                .isEqualTo(BuildSignal.of(line));

        SequenceMatch m = new SequenceMatch();
        m.buildId = "b";
        m.sequenceId = "seq";
        m.lines = new long[] {1, 4};
        m.texts = new String[] {"a", "b"};
        m.evidenceIndex = 1;
        BuildSignal ms = BuildSignal.of(m);
        assertThat(ms.buildId).isEqualTo("b");
        assertThat(roundTrip(BuildSignal.class, ms)).usingRecursiveComparison().isEqualTo(ms);

        BuildEvent e = new BuildEvent();
        e.type = BuildEvent.FAILED;
        e.payload = new BuildEvent.Payload();
        e.payload.buildUuid = "b";
        BuildSignal es = BuildSignal.of(e);
        assertThat(es.buildId).isEqualTo("b");
        assertThat(roundTrip(BuildSignal.class, es)).usingRecursiveComparison().isEqualTo(es);

        BuildSignal ends = BuildSignal.of(new LogEnd("b", 10, "truncated gzip"));
        assertThat(roundTrip(BuildSignal.class, ends)).usingRecursiveComparison().isEqualTo(ends);
    }

    @Test
    void buildStateRoundTrips() throws Exception {
        BuildState s = new BuildState();
        s.stage = "install";
        s.lines = 99;
        s.logEnd = "failure";
        HitRecord r = new HitRecord();
        r.line = 5;
        r.text = "x";
        r.signatureId = "sig";
        r.severityRank = 2;
        r.contextLines = new long[] {4};
        r.contextTexts = new String[] {"y"};
        s.hits = new HitRecord[] {r};
        s.decisionTime = 1234;
        s.decidedBy = "log";
        assertThat(roundTrip(BuildState.class, s)).usingRecursiveComparison().isEqualTo(s);
        assertThat(roundTrip(BuildState.class, new BuildState()))
                .usingRecursiveComparison()
                .isEqualTo(new BuildState());
    }

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noGenericTypes());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
