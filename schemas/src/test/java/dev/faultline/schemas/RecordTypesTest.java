package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every record type is a Flink POJO whose serializer needs no Kryo. */
class RecordTypesTest {
    private static final List<TypeInformation<?>> ALL =
            List.of(
                    RecordTypes.LOG_LINE,
                    RecordTypes.BUILD_EVENT,
                    RecordTypes.BUILD_VERDICT,
                    RecordTypes.DEAD_LETTER,
                    RecordTypes.ALERT);

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        assertThat(config.hasGenericTypesDisabled()).isTrue();
        return config;
    }

    @Test
    void everyRecordTypeIsAPojo() {
        for (TypeInformation<?> type : ALL) {
            assertThat(type).as(type.toString()).isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void serializersNeedNoKryo() {
        for (TypeInformation<?> type : ALL) {
            assertThat(type.createSerializer(noGenericTypes())).as(type.toString()).isNotNull();
        }
    }

    @Test
    void serializersNeedNoKryoViaPipelineOption() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        SerializerConfigImpl config = new SerializerConfigImpl(conf);
        assertThat(config.hasGenericTypesDisabled()).isTrue();
        for (TypeInformation<?> type : ALL) {
            assertThat(type.createSerializer(config)).as(type.toString()).isNotNull();
        }
    }

    @Test
    void nestedEventTypesArePojosToo() {
        assertThat(TypeInformation.of(BuildEvent.Payload.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(BuildEvent.TriggerMetadata.class))
                .isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(Evidence.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void verdictSurvivesFlinkSerialization() throws Exception {
        BuildVerdict verdict = Fixtures.failureVerdict();
        assertThat(roundTrip(RecordTypes.BUILD_VERDICT, verdict))
                .usingRecursiveComparison()
                .isEqualTo(verdict);
        BuildVerdict success = Fixtures.successVerdict();
        assertThat(roundTrip(RecordTypes.BUILD_VERDICT, success))
                .usingRecursiveComparison()
                .isEqualTo(success);
        BuildEvent event = Fixtures.failedEvent();
        assertThat(roundTrip(RecordTypes.BUILD_EVENT, event))
                .usingRecursiveComparison()
                .isEqualTo(event);
        assertThat(roundTrip(RecordTypes.LOG_LINE, Fixtures.logLine()))
                .isEqualTo(Fixtures.logLine());
        DeadLetter d = Fixtures.deadLetter();
        assertThat(roundTrip(RecordTypes.DEAD_LETTER, d)).usingRecursiveComparison().isEqualTo(d);
        Alert a = Fixtures.firingAlert();
        assertThat(roundTrip(RecordTypes.ALERT, a)).usingRecursiveComparison().isEqualTo(a);
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = type.createSerializer(noGenericTypes());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
