package dev.faultline.jobs.backfill;

import dev.faultline.connectors.archive.ArchiveLimits;
import dev.faultline.connectors.archive.ArchiveSource;
import dev.faultline.connectors.files.AtomicFile;
import dev.faultline.connectors.files.BackfillFileSink;
import dev.faultline.connectors.files.BackfillOutput;
import dev.faultline.connectors.files.JsonLinesFileSink;
import dev.faultline.connectors.files.PartsDirectory;
import dev.faultline.jobs.assembly.AlertStage;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.jobs.assembly.Paging;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.alert.AlertClock;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.graph.FaultlineGraph;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import dev.faultline.tools.report.VerdictReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replays an archive of build logs through the shared graph on a bounded source and writes {@code
 * verdicts.jsonl}, {@code dead-letters.jsonl}, {@code alerts.jsonl}, {@code summary.json}, {@code
 * summary.txt} and {@code report.html}.
 */
public final class BackfillJob {
    static final TypeInformation<BackfillOutput> OUTPUT = TypeInformation.of(BackfillOutput.class);

    private BackfillJob() {}

    /**
     * The backfill graph: archive source → shared graph → part files in {@code parts}. Verdicts are
     * written by a sink chained to the verdict operator, each serialized once (to its JSON line);
     * dead letters, alerts (the verdicts would have raised them, evaluated in the builds' own time,
     * sent to Alertmanager/PagerDuty only if {@code --allow-paging true}: a backfill never pages by
     * default) and candidate sets share a second sink.
     */
    static void attach(
            StreamExecutionEnvironment env,
            String archive,
            SignatureCatalog catalog,
            LineRanker ranker,
            GraphOptions options,
            Configuration flags,
            String parts) {
        Assembled a = assemble(env, archive, catalog, ranker, options, flags);
        a.graph
                .verdicts
                .map(BackfillJob::countedForProgress, a.graph.verdicts.getType())
                .name("verdict-progress")
                .uid("verdict-progress")
                .sinkTo(new JsonLinesFileSink<BuildVerdict>(parts, BackfillFileSink.VERDICTS))
                .name("verdict-files")
                .uid("verdict-files");
        DataStream<BackfillOutput> others = a.deadLetters.union(a.alerts);
        if (options.emitCandidateSets) {
            others =
                    others.union(
                            a.graph
                                    .candidateSets
                                    .map(BackfillOutput::of, OUTPUT)
                                    .name("candidate-output")
                                    .uid("candidate-output"));
        }
        others.sinkTo(new BackfillFileSink(parts)).name("backfill-files").uid("backfill-files");
    }

    /**
     * The same graph with every output as one stream, for callers that collect it rather than write
     * part files (the shadow test of {@code check-signatures --against}); signature hits included
     * when the options ask for them.
     */
    public static DataStream<BackfillOutput> build(
            StreamExecutionEnvironment env,
            String archive,
            SignatureCatalog catalog,
            LineRanker ranker,
            GraphOptions options,
            Configuration flags) {
        Assembled a = assemble(env, archive, catalog, ranker, options, flags);
        DataStream<BackfillOutput> out =
                a.graph
                        .verdicts
                        .map(BackfillJob::verdictOutput, OUTPUT)
                        .name("verdict-output")
                        .uid("verdict-output")
                        .union(a.alerts, a.deadLetters);
        if (options.emitSignatureHits) {
            out =
                    out.union(
                            a.graph
                                    .signatureHits
                                    .map(BackfillOutput::of, OUTPUT)
                                    .name("signature-hits-output")
                                    .uid("signature-hits-output"));
        }
        return out;
    }

    /** What both shapes of the backfill share: the graph, its alerts and its dead letters. */
    private record Assembled(
            FaultlineGraph.Outputs graph,
            DataStream<BackfillOutput> alerts,
            DataStream<BackfillOutput> deadLetters) {}

    private static Assembled assemble(
            StreamExecutionEnvironment env,
            String archive,
            SignatureCatalog catalog,
            LineRanker ranker,
            GraphOptions options,
            Configuration flags) {
        ArchiveSource source = ArchiveSource.read(env, archive, ArchiveLimits.from(flags));
        FaultlineGraph.Outputs graph =
                FaultlineGraph.buildFromChunks(
                        source.chunks,
                        source.events,
                        source.logEnds,
                        catalog,
                        ranker,
                        // The archive reader sends each log whole and in order, and its
                        // watermark tells when every build event has been read: from then on a
                        // build whose log came in one piece can be decided as it arrives.
                        options.withLinesInLogOrder()
                                .withWholeLogsDecidedFromWatermark(
                                        ArchiveSource.EVENTS_PASSED_WATERMARK));
        AlertStage alerting =
                AlertStage.attach(
                        graph.verdicts,
                        flags,
                        AlertClock.BUILD_TIME,
                        flags.get(FaultlineOptions.ALLOW_PAGING) ? Paging.SEND : Paging.HOLD);
        DataStream<BackfillOutput> alerts =
                alerting.alerts
                        .map(BackfillOutput::of, OUTPUT)
                        .name("alert-output")
                        .uid("alert-output")
                        .setParallelism(1);
        DataStream<BackfillOutput> deadLetters =
                alerting.withDeadLetters(graph.deadLetters.union(source.deadLetters))
                        .map(BackfillOutput::of, OUTPUT)
                        .name("dead-letter-output")
                        .uid("dead-letter-output");
        return new Assembled(graph, alerts, deadLetters);
    }

    /** A verdict as output, counted for the progress line. */
    private static BackfillOutput verdictOutput(BuildVerdict v) {
        BackfillProgress.verdict();
        return BackfillOutput.of(v);
    }

    /** A verdict counted for the progress line (a chained map: no copy, no serialization). */
    private static BuildVerdict countedForProgress(BuildVerdict v) {
        BackfillProgress.verdict();
        return v;
    }

    /** Runs the backfill and writes its outputs to {@code out}; returns the summary. */
    public static BackfillSummary run(
            String archive, Path out, SignatureCatalog catalog, int parallelism, Configuration conf)
            throws Exception {
        return run(archive, out, catalog, parallelism, conf, GraphOptions.backfill());
    }

    /** As above, with explicit graph options (tests compare optimised and reference runs). */
    public static BackfillSummary run(
            String archive,
            Path out,
            SignatureCatalog catalog,
            int parallelism,
            Configuration conf,
            GraphOptions options)
            throws Exception {
        return run(archive, out, catalog, parallelism, conf, options, new Configuration());
    }

    /** As above, with Faultline's own flags (alert rules, receivers, {@code allow-paging}). */
    public static BackfillSummary run(
            String archive,
            Path out,
            SignatureCatalog catalog,
            int parallelism,
            Configuration conf,
            GraphOptions options,
            Configuration flags)
            throws Exception {
        return run(
                archive, out, catalog, LineRanker.loadDefault(), parallelism, conf, options, flags);
    }

    /**
     * As above, with the line ranker to order candidate causes; with {@link
     * GraphOptions#emitCandidateSets} also {@code candidate-sets.jsonl}.
     */
    public static BackfillSummary run(
            String archive,
            Path out,
            SignatureCatalog catalog,
            LineRanker ranker,
            int parallelism,
            Configuration conf,
            GraphOptions options,
            Configuration flags)
            throws Exception {
        if (!Files.isDirectory(Path.of(archive))) {
            throw new IllegalArgumentException("archive " + archive + " is not a directory");
        }
        Files.createDirectories(out);
        Path parts = out.resolve("parts");
        // A link there would have the sink write, and the clean-up delete, outside the out dir.
        PartsDirectory.clear(parts);
        StreamExecutionEnvironment env = environment(conf, parallelism);
        attach(env, archive, catalog, ranker, options, flags, parts.toAbsolutePath().toString());
        long start = System.nanoTime();
        try (AutoCloseable progress = BackfillProgress.start(Path.of(archive))) {
            env.execute("faultline-backfill " + archive);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        BackfillSummary summary =
                VerdictParts.mergeAndSummarize(
                        partFiles(parts, BackfillFileSink.VERDICTS), out.resolve("verdicts.jsonl"));
        merge(
                parts,
                BackfillFileSink.DEAD_LETTERS,
                out.resolve("dead-letters.jsonl"),
                line -> summary.add(Json.mapper().readValue(line, DeadLetter.class)));
        List<Alert> alerts = new java.util.ArrayList<>();
        forEachPartLine(
                parts,
                BackfillFileSink.ALERTS,
                line -> alerts.add(Json.mapper().readValue(line, Alert.class)));
        writeAlertsInTimeOrder(out.resolve("alerts.jsonl"), alerts);
        if (options.emitCandidateSets) {
            merge(
                    parts,
                    BackfillFileSink.CANDIDATE_SETS,
                    out.resolve("candidate-sets.jsonl"),
                    line -> {});
        }
        alerts.forEach(summary::addAlert);
        PartsDirectory.clear(parts);
        summary.peakRssMb = peakRssMb();
        writeSummary(out, summary, seconds);
        // After the summary, from the merged files: the page reads them in one pass and never
        // slows the job itself.
        System.out.println(
                VerdictReport.write(
                        out.resolve("verdicts.jsonl"),
                        out.resolve("alerts.jsonl"),
                        out.resolve("report.html")));
        return summary;
    }

    /**
     * The environment a backfill runs in: no restarts, heap timers, and {@code conf} on top. Also
     * what {@code check-signatures --against} runs its two backfills in.
     */
    static StreamExecutionEnvironment environment(Configuration conf, int parallelism) {
        Configuration jobConf = new Configuration();
        // A failed backfill is simply run again; restarting mid-way would duplicate part-file
        // lines.
        jobConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // Timers on the heap: a backfill registers and deletes a few per build, and RocksDB-backed
        // timers cost a RocksDB write (and a sorted-cache refill) each. Heap timers are still
        // checkpointed; the keyed state itself stays in RocksDB. A cluster's own setting is
        // overridden only for this job.
        jobConf.set(
                RocksDBOptions.TIMER_SERVICE_FACTORY,
                EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        jobConf.addAll(conf);
        return JobEnvironment.create(jobConf, parallelism);
    }

    private interface LineConsumer {
        void accept(String line) throws IOException;
    }

    /**
     * Concatenates the subtasks' part files into one file, feeding each line to {@code each}; the
     * file appears whole or not at all ({@link AtomicFile}).
     */
    private static void merge(Path parts, String prefix, Path target, LineConsumer each)
            throws IOException {
        AtomicFile.write(
                target,
                w ->
                        forEachPartLine(
                                parts,
                                prefix,
                                line -> {
                                    each.accept(line);
                                    w.write(line);
                                    w.newLine();
                                }));
    }

    /**
     * Feeds every line of the subtasks' part files named {@code prefix*} to {@code each}, in file
     * order.
     */
    private static void forEachPartLine(Path parts, String prefix, LineConsumer each)
            throws IOException {
        for (Path file : partFiles(parts, prefix)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    each.accept(line);
                }
            }
        }
    }

    /** The subtasks' part files named {@code prefix*}, in file order. */
    private static List<Path> partFiles(Path parts, String prefix) throws IOException {
        try (Stream<Path> list = Files.list(parts)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * The sink's subtasks each got some of the alerts; a reader wants each incident's records in
     * order, and incidents in time order.
     */
    private static void writeAlertsInTimeOrder(Path file, List<Alert> alerts) throws IOException {
        alerts.sort(
                java.util.Comparator.comparing((Alert a) -> a.windowEnd)
                        .thenComparing(a -> a.dedupKey)
                        .thenComparingInt(a -> a.revision));
        AtomicFile.write(
                file,
                w -> {
                    for (Alert a : alerts) {
                        w.write(Json.toJson(a));
                        w.newLine();
                    }
                });
    }

    /** VmHWM of this process (Linux), in MiB. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return 0;
    }

    private static void writeSummary(Path out, BackfillSummary summary, double seconds)
            throws IOException {
        AtomicFile.writeString(
                out.resolve("summary.json"),
                Json.mapper()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(summary.toJson(seconds))
                        + "\n");
        String table = summary.toTable(seconds);
        AtomicFile.writeString(out.resolve("summary.txt"), table);
        System.out.print(table);
        System.out.println();
        System.out.println(
                "wrote "
                        + out.resolve("verdicts.jsonl")
                        + ", dead-letters.jsonl, alerts.jsonl, summary.json, summary.txt");
    }
}
