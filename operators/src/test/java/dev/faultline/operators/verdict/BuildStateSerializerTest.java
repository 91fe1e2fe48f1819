package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.RocksDbHarness;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.LogLine;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link BuildStateSerializer} writes every field of the per-build state, and state that the
 * previous version wrote with Flink's POJO serializer restores into it (a savepoint taken before
 * the upgrade).
 */
class BuildStateSerializerTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);
    private static final long CONFIRM = GraphOptions.DEFAULT_END_LINE_CONFIRMATION.toMillis();

    private final LineTagger tagger = new LineTagger(CATALOG);

    /**
     * The verdict function as it was before: its build state and its hits, error-line and
     * stage-mark lists written by the POJO serializer.
     */
    static final class PojoStateVerdictFunction extends BuildVerdictFunction {
        private static final long serialVersionUID = 1L;

        PojoStateVerdictFunction() {
            super(CATALOG, TestCatalogs.RANKER, GraphOptions.streaming());
        }

        @Override
        ValueStateDescriptor<BuildState> buildStateDescriptor() {
            return new ValueStateDescriptor<>("build", TypeInformation.of(BuildState.class));
        }

        @Override
        EvidenceLists evidenceLists() {
            RuntimeContext context = getRuntimeContext();
            return new EvidenceLists(
                    context.getListState(pojoList("hits", HitRecord.class)),
                    context.getListState(pojoList("error-lines", HitRecord.class)),
                    context.getListState(pojoList("stage-marks", StageMark.class)),
                    context.getListState(BuildEvidence.TAIL));
        }

        private static <T> ListStateDescriptor<T> pojoList(String name, Class<T> type) {
            return new ListStateDescriptor<>(name, TypeInformation.of(type));
        }
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        BuildState s = filled(BuildState.class, 1);
        assertThat(roundTrip(s)).usingRecursiveComparison().isEqualTo(s);
        assertThat(roundTrip(new BuildState()))
                .usingRecursiveComparison()
                .isEqualTo(new BuildState());
        BuildState nulls = new BuildState();
        nulls.hitsStored = null;
        nulls.hits = new HitRecord[] {null, filled(HitRecord.class, 7)};
        assertThat(roundTrip(nulls)).usingRecursiveComparison().isEqualTo(nulls);
    }

    @Test
    void thePojoSerializersSnapshotOfBuildStateMigrates() {
        var pojo =
                TypeInformation.of(BuildState.class).createSerializer(new SerializerConfigImpl());
        assertThat(
                        new BuildStateSerializer.Snapshot()
                                .resolveSchemaCompatibility(pojo.snapshotConfiguration())
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        new BuildStateSerializer.Snapshot()
                                .resolveSchemaCompatibility(new BuildStateSerializer.Snapshot())
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void stateWrittenByThePojoSerializerRestoresAndDecidesAsBefore() throws Exception {
        // Reference: the whole build on the current serializer, no restore.
        var reference = open(new KeyedProcessOperator<>(current()), null);
        firstHalf(reference);
        secondHalf(reference);
        List<BuildVerdict> expected = reference.extractOutputValues();
        reference.close();
        assertThat(expected).hasSize(2);

        // A savepoint of the previous version, taken in the middle of both builds.
        var old = open(new KeyedProcessOperator<>(new PojoStateVerdictFunction()), null);
        firstHalf(old);
        for (String state : List.of("build", "hits", "error-lines", "stage-marks")) {
            assertThat(keysIn(old, state)).as("builds in " + state).isPositive();
        }
        OperatorSubtaskState savepoint = old.snapshot(1, 10);
        old.close();

        var restored = open(new KeyedProcessOperator<>(current()), savepoint);
        secondHalf(restored);
        List<BuildVerdict> verdicts = restored.extractOutputValues();
        restored.close();
        assertThat(verdicts).usingRecursiveComparison().isEqualTo(expected);
        assertThat(verdicts)
                .extracting(v -> v.buildId + "|" + v.workerName + "|" + v.outcome)
                .containsExactlyInAnyOrder("b-npm|my-worker|failure", "b-err|null|failure");

        // And the migrated state is written in the new format: a second savepoint restores too.
        var again = open(new KeyedProcessOperator<>(current()), savepoint);
        OperatorSubtaskState migrated = again.snapshot(2, 11);
        again.close();
        var fromMigrated = open(new KeyedProcessOperator<>(current()), migrated);
        secondHalf(fromMigrated);
        assertThat(fromMigrated.extractOutputValues())
                .usingRecursiveComparison()
                .isEqualTo(expected);
        fromMigrated.close();
    }

    @SuppressWarnings("unchecked")
    private static <T> TypeSerializerSnapshot<T> pojoSnapshot(Class<T> type) {
        return TypeInformation.of(type)
                .createSerializer(new SerializerConfigImpl())
                .snapshotConfiguration();
    }

    private static long keysIn(
            KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> h,
            String state) {
        try (Stream<?> keys =
                h.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static BuildVerdictFunction current() {
        return new BuildVerdictFunction(CATALOG, TestCatalogs.RANKER, GraphOptions.streaming());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> open(
            KeyedProcessOperator<String, BuildSignal, BuildVerdict> operator,
            OperatorSubtaskState snapshot)
            throws Exception {
        return RocksDbHarness.open(operator, (BuildSignal s) -> s.buildId, Types.STRING, snapshot);
    }

    private void firstHalf(
            KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> h)
            throws Exception {
        h.processElement(event("b-npm"), 1);
        feed(h, "b-npm", 1, "Initializing build environment...");
        feed(h, "b-npm", 2, "Executing user build command: npm run build");
        feed(h, "b-npm", 3, "npm ERR! Missing script: \"build\"");
        feed(h, "b-npm", 4, "npm ERR! A complete log of this run can be found in: /x.log");
        feed(h, "b-err", 1, "Executing user build command: ./build.sh");
        feed(h, "b-err", 2, "\u001b[31merror: something broke at step 4\u001b[0m");
        feed(h, "b-err", 3, "more detail about the failure");
        h.processWatermark(4);
    }

    private void secondHalf(
            KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> h)
            throws Exception {
        feed(h, "b-npm", 5, "npm ERR! exited with 1");
        feed(h, "b-npm", 6, "Failed: build command exited with code: 1");
        feed(h, "b-err", 4, "error: and another one");
        feed(h, "b-err", 5, "Failed: build command exited with code: 2");
        h.processWatermark(6 + CONFIRM);
    }

    private void feed(
            KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> h,
            String build,
            long seq,
            String text)
            throws Exception {
        h.processElement(BuildSignal.of(tagger.tag(new LogLine(build, seq, null, text))), seq);
    }

    private static BuildSignal event(String build) {
        BuildEvent e = new BuildEvent();
        e.type = BuildEvent.STARTED;
        e.source = new BuildEvent.Source();
        e.source.workerName = "my-worker";
        e.metadata = new BuildEvent.Metadata();
        e.metadata.accountId = "acc";
        e.payload = new BuildEvent.Payload();
        e.payload.buildUuid = build;
        e.payload.buildTriggerMetadata = new BuildEvent.TriggerMetadata();
        e.payload.buildTriggerMetadata.repoName = "repo";
        return BuildSignal.of(e);
    }

    private static BuildState roundTrip(BuildState s) throws Exception {
        BuildStateSerializer serializer = new BuildStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(s, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        BuildState back = serializer.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return back;
    }

    /**
     * An instance with every public field set to a value of its own (seeded by {@code seed}), so a
     * field the serializer forgets shows as a difference.
     */
    private static <T> T filled(Class<T> type, int seed) throws Exception {
        T value = type.getConstructor().newInstance();
        int n = seed;
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.set(value, sample(f.getType(), n++ * 31));
        }
        return value;
    }

    private static Object sample(Class<?> t, int n) throws Exception {
        if (t == String.class) {
            return "s" + n;
        } else if (t == long.class) {
            return (long) n * 1_000_000_007L;
        } else if (t == int.class) {
            return n + 3;
        } else if (t == boolean.class) {
            return true;
        } else if (t.isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                items.add(sample(t.getComponentType(), n + i + 1));
            }
            Object a = Array.newInstance(t.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(a, i, items.get(i));
            }
            return a;
        }
        return filled(t, n);
    }
}
