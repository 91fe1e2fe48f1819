package dev.faultline.bench;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.operators.verdict.BuildVerdictFunction;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Per-build state update in {@link BuildVerdictFunction}: line signals of many interleaved builds
 * (round-robin, each build replaying one real log, whole, again and again) through a keyed operator
 * harness; an operation is one signal. No watermark is sent, so no verdict fires: this is the
 * steady per-signal cost (read the "decided" flag, read the build state, apply the line, write the
 * build state back).
 *
 * <p>{@code lines=interesting} feeds only lines with something on them (what mostly reaches state
 * after the progress thinner); {@code lines=all} feeds every line (no thinning).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class VerdictStateBenchmark extends FlinkJvm {
    static final int BATCH = 10_000;

    @Param({"rocksdb", "hashmap"})
    public String backend;

    @Param({"1000"})
    public int builds;

    @Param({"interesting", "all"})
    public String lines;

    private KeyedOneInputStreamOperatorTestHarness<String, BuildSignal, BuildVerdict> harness;
    private TaggedLine[][] logs;
    private String[] buildIds;

    /** Signals sent so far; also the record timestamp. */
    private long k;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        LineTagger tagger = new LineTagger(catalog);
        List<TaggedLine[]> logs = new ArrayList<>();
        for (List<LogLine> log : Corpus.load("mixed")) {
            List<TaggedLine> tagged = new ArrayList<>();
            for (LogLine l : log) {
                TaggedLine t = tagger.tag(l);
                if (lines.equals("all") || t.isInteresting()) {
                    tagged.add(t);
                }
            }
            if (!tagged.isEmpty()) {
                logs.add(tagged.toArray(new TaggedLine[0]));
            }
        }
        this.logs = logs.toArray(new TaggedLine[0][]);
        buildIds = new String[builds];
        for (int b = 0; b < builds; b++) {
            buildIds[b] = "build-" + b;
        }

        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BuildVerdictFunction(
                                        catalog,
                                        dev.faultline.operators.rank.LineRanker.loadDefault(),
                                        GraphOptions.backfill())),
                        s -> s.buildId,
                        Types.STRING);
        harness.setStateBackend(
                backend.equals("rocksdb")
                        ? new EmbeddedRocksDBStateBackend()
                        : new HashMapStateBackend());
        harness.open();
        String stateClass = harness.getOperator().getKeyedStateBackend().getClass().getSimpleName();
        System.out.printf(
                "%n[bench] %s keyed state backend, %d builds, %d logs replayed%n",
                stateClass, builds, logs.size());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void signals() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            // Signal k goes to build k % builds, which replays log (build % logs) from start to
            // end, over and over. The tagged line is shared between builds: the operator keys on
            // the signal's buildId, never on the line's.
            int b = (int) (k % builds);
            TaggedLine[] log = logs[b % logs.length];
            BuildSignal s = new BuildSignal();
            s.buildId = buildIds[b];
            s.lines = new TaggedLine[] {log[(int) ((k / builds) % log.length)]};
            harness.processElement(s, ++k);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (!harness.getOutput().isEmpty()) {
            throw new IllegalStateException("unexpected output: " + harness.getOutput().size());
        }
        harness.close();
    }
}
