package dev.faultline.jobs.backfill;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.connectors.archive.ArchiveSource;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.graph.FaultlineGraph;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.tagging.TagLinesOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * How much of a backfill's job time each stage of the graph adds, on one archive: the same
 * environment as {@code faultline backfill} (embedded cluster, RocksDB, parallelism 2) running
 *
 * <ol>
 *   <li>{@code cluster}: a one-record job (the embedded cluster starting, a job deploying);
 *   <li>{@code read}: the archive source, every output discarded (listing, reading, splitting);
 *   <li>{@code tag}: the source and tagging, chained as in the backfill, signals discarded;
 *   <li>{@code full}: the whole backfill into part files (what {@code faultline backfill} times).
 * </ol>
 *
 * <p>Each stage's floor is the one above it: the difference between rows is what a stage costs. Run
 * on an archive that {@code bench/backfill-benchmark.sh} generated:
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am test -Dtest=BackfillStagesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dspotless.check.skip=true -Dbench.archive=/tmp/faultline-bench/builds-100000-lines-27-no-events/archive \
 *   [-Dbench.rounds=3] [-Dbench.stages=cluster,read,tag,full]
 * </pre>
 *
 * <p>Stages run in turn, {@code bench.rounds} times each (interleaved, so a slow spell of the
 * machine hits every stage alike); the report goes to {@code
 * bench/target/bench/backfill-stages.txt}. Skipped without {@code bench.archive}.
 */
class BackfillStagesBenchmark {

    private static final int PARALLELISM = 2;

    @Test
    void stages() throws Exception {
        String archive = System.getProperty("bench.archive");
        assumeTrue(archive != null && !archive.isBlank(), "set -Dbench.archive=DIR");
        int rounds = Integer.getInteger("bench.rounds", 3);
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        LineRanker ranker = LineRanker.loadDefault();
        Path work = Files.createTempDirectory("backfill-stages");

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (String stage :
                System.getProperty("bench.stages", "cluster,read,tag,full").split(",")) {
            seconds.put(stage, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (String stage : seconds.keySet()) {
                StreamExecutionEnvironment env =
                        BackfillJob.environment(new Configuration(), PARALLELISM);
                switch (stage) {
                    case "cluster" -> env.fromData(1).sinkTo(new DiscardingSink<>());
                    case "read" -> discardAll(ArchiveSource.read(env, archive));
                    case "tag" -> tagOnly(ArchiveSource.read(env, archive), catalog);
                    case "full" ->
                            BackfillJob.attach(
                                    env,
                                    archive,
                                    catalog,
                                    ranker,
                                    GraphOptions.backfill(),
                                    new Configuration(),
                                    parts(work, round).toString());
                    default -> throw new IllegalStateException(stage);
                }
                long start = System.nanoTime();
                env.execute("stage " + stage);
                double s = (System.nanoTime() - start) / 1e9;
                seconds.get(stage).add(s);
                System.out.printf(Locale.ROOT, "round %d %-8s %.2f s%n", round + 1, stage, s);
            }
        }
        writeReport(archive, seconds);
    }

    private static void discardAll(ArchiveSource source) {
        source.chunks.sinkTo(new DiscardingSink<>());
        source.events.sinkTo(new DiscardingSink<>());
        source.logEnds.sinkTo(new DiscardingSink<>());
        source.deadLetters.sinkTo(new DiscardingSink<>());
    }

    /** Source and tagging, as the backfill's graph has them. */
    private static void tagOnly(ArchiveSource source, SignatureCatalog catalog) {
        SingleOutputStreamOperator<BuildSignal> signals =
                FaultlineGraph.tagChunks(source.chunks, catalog, GraphOptions.backfill());
        signals.sinkTo(new DiscardingSink<>());
        signals.getSideOutput(TagLinesOperator.STEP_LINES).sinkTo(new DiscardingSink<>());
        source.events.sinkTo(new DiscardingSink<>());
        source.logEnds.sinkTo(new DiscardingSink<>());
        source.deadLetters.sinkTo(new DiscardingSink<>());
    }

    private static Path parts(Path work, int round) throws java.io.IOException {
        return Files.createDirectories(work.resolve("parts-" + round));
    }

    private static void writeReport(String archive, Map<String, List<Double>> seconds)
            throws java.io.IOException {
        StringBuilder report = new StringBuilder();
        report.append("# Backfill stages\n\n")
                .append(
                        String.format(
                                Locale.ROOT,
                                "archive %s, parallelism %d, %d cores, Java %s%n%n",
                                archive,
                                PARALLELISM,
                                Runtime.getRuntime().availableProcessors(),
                                System.getProperty("java.version")))
                .append("| stage | job time, each round | median |\n|---|---|---:|\n");
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            List<Double> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Double::compare);
            StringBuilder each = new StringBuilder();
            for (double s : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.2f s", s));
            }
            report.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f s |%n",
                            e.getKey(),
                            each,
                            sorted.get(sorted.size() / 2)));
        }
        Path out = Path.of("target", "bench", "backfill-stages.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }
}
