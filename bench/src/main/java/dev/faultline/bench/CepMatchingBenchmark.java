package dev.faultline.bench;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.cep.SequenceMatchFunction;
import dev.faultline.operators.cep.SequencePatterns;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
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
 * One catalog sequence's CEP operator, in event time, as {@code CEP.pattern(...).process(...)}
 * builds it in FaultlineGraph; an operation is one input line. Input is what the operator gets in
 * the job: only lines that carry some sequence-step tag, here for many interleaved builds. Per
 * build the tags cycle through {@code own#1, other#2, own#2, other#2, other#1, other#2} (one match
 * every six lines; "other" is {@code python.traceback}, whose step 2 is the commonest tag),
 * consecutive lines of a build 3 lines and 1 s apart. A watermark (the latest timestamp) follows
 * every {@code watermarkEvery} lines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class CepMatchingBenchmark extends FlinkJvm {
    static final int BATCH = 10_000;
    static final long BASE = Instant.parse("2025-09-21T11:00:00Z").toEpochMilli();

    @Param({"rocksdb", "hashmap"})
    public String backend;

    @Param({"node.heap-oom-gc-trace"})
    public String sequence;

    @Param({"1000"})
    public int builds;

    @Param({"1000"})
    public int watermarkEvery;

    private KeyedOneInputStreamOperatorTestHarness<String, TaggedLine, SequenceMatch> harness;
    private String[] cycle;
    private String[] buildIds;
    private long k;
    private long matches;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedIso;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        SequenceRule rule =
                catalog.sequences().stream()
                        .filter(r -> r.id.equals(sequence))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no sequence " + sequence));
        String other =
                rule.id.equals("python.traceback") ? "gradle.what-went-wrong" : "python.traceback";
        cycle =
                new String[] {
                    rule.id + "#1",
                    other + "#2",
                    rule.id + "#2",
                    other + "#2",
                    other + "#1",
                    other + "#2"
                };
        buildIds = new String[builds];
        for (int b = 0; b < builds; b++) {
            buildIds[b] = "build-" + b;
        }

        Pattern<TaggedLine, TaggedLine> pattern = SequencePatterns.create(rule);
        TypeSerializer<TaggedLine> serializer =
                TypeInformation.of(TaggedLine.class).createSerializer(new SerializerConfigImpl());
        CepOperator<TaggedLine, String, SequenceMatch> operator =
                new CepOperator<>(
                        serializer,
                        false, // event time
                        NFACompiler.compileFactory(
                                pattern, false), // as CEP.pattern: no TimedOutPartialMatchHandler
                        null, // no comparator
                        pattern.getAfterMatchSkipStrategy(),
                        new SequenceMatchFunction(rule),
                        null); // late lines are dropped (none are late here)
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, t -> t.buildId, Types.STRING);
        harness.setStateBackend(
                backend.equals("rocksdb")
                        ? new EmbeddedRocksDBStateBackend()
                        : new HashMapStateBackend());
        harness.open();
        System.out.printf(
                "%n[bench] %s keyed state backend, sequence %s, %d builds%n",
                harness.getOperator().getKeyedStateBackend().getClass().getSimpleName(),
                rule.id,
                builds);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lines() throws Exception {
        long ts = 0;
        for (int i = 0; i < BATCH; i++) {
            long n = k / builds; // this build's n-th tagged line
            int b = (int) (k % builds);
            ts = BASE + k;
            TaggedLine t = new TaggedLine();
            t.buildId = buildIds[b];
            t.seq = 3 * n + 1;
            t.timestamp = iso(BASE + n * 1000);
            t.text = "line";
            t.steps = new String[] {cycle[(int) (n % cycle.length)]};
            harness.processElement(new StreamRecord<>(t, ts));
            if (++k % watermarkEvery == 0) {
                harness.processWatermark(ts);
                matches += harness.getOutput().size() - 1; // minus the watermark itself
                harness.getOutput().clear();
            }
        }
        return matches;
    }

    private String iso(long millis) {
        long second = millis / 1000;
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedIso = Instant.ofEpochMilli(millis).toString();
        }
        return cachedIso;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        long expected =
                k / builds / cycle.length * builds; // approximate: one match per build per cycle
        System.out.printf(
                "%n[bench] %d lines, %d matches (about %d expected)%n", k, matches, expected);
        harness.close();
    }
}
