package dev.faultline.jobs.backfill;

import dev.faultline.jobs.JobEnvironment;
import dev.faultline.jobs.archive.ArchiveSource;
import dev.faultline.operators.FaultlineGraph;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Replays an archive of build logs through the shared graph on a bounded source and writes
 * {@code verdicts.jsonl}, {@code dead-letters.jsonl}, {@code summary.json} and {@code summary.txt}.
 */
public final class BackfillJob {
    static final TypeInformation<BackfillOutput> OUTPUT = TypeInformation.of(BackfillOutput.class);

    private BackfillJob() {}

    /** The backfill graph: archive source → shared graph → one stream of verdicts and dead letters. */
    public static DataStream<BackfillOutput> build(
            StreamExecutionEnvironment env, String archive, SignatureCatalog catalog) {
        ArchiveSource source = ArchiveSource.read(env, archive);
        FaultlineGraph.Outputs graph =
                FaultlineGraph.build(source.lines, source.events, source.logEnds, catalog, GraphOptions.backfill());
        DataStream<BackfillOutput> verdicts =
                graph.verdicts.map(BackfillOutput::of, OUTPUT).name("verdict-output").uid("verdict-output");
        DataStream<BackfillOutput> dead =
                graph.deadLetters
                        .union(source.deadLetters)
                        .map(BackfillOutput::of, OUTPUT)
                        .name("dead-letter-output")
                        .uid("dead-letter-output");
        return verdicts.union(dead);
    }

    /** Runs the backfill and writes its outputs to {@code out}; returns the summary. */
    public static BackfillSummary run(
            String archive, Path out, SignatureCatalog catalog, int parallelism, Configuration conf)
            throws Exception {
        if (!Files.isDirectory(Path.of(archive))) {
            throw new IllegalArgumentException("archive " + archive + " is not a directory");
        }
        Files.createDirectories(out);
        StreamExecutionEnvironment env = JobEnvironment.create(conf, parallelism);
        DataStream<BackfillOutput> results = build(env, archive, catalog);
        BackfillSummary summary = new BackfillSummary();
        long start = System.nanoTime();
        try (CloseableIterator<BackfillOutput> it = results.executeAndCollect("faultline-backfill");
                BufferedWriter verdicts = Files.newBufferedWriter(out.resolve("verdicts.jsonl"), StandardCharsets.UTF_8);
                BufferedWriter dead = Files.newBufferedWriter(out.resolve("dead-letters.jsonl"), StandardCharsets.UTF_8)) {
            while (it.hasNext()) {
                BackfillOutput o = it.next();
                if (o.verdict != null) {
                    summary.add(o.verdict);
                    verdicts.write(Json.toJson(o.verdict));
                    verdicts.newLine();
                } else if (o.deadLetter != null) {
                    summary.add(o.deadLetter);
                    dead.write(Json.toJson(o.deadLetter));
                    dead.newLine();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writeSummary(out, summary, seconds);
        return summary;
    }

    private static void writeSummary(Path out, BackfillSummary summary, double seconds) throws IOException {
        Files.writeString(out.resolve("summary.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary.toJson(seconds)) + "\n");
        String table = summary.toTable(seconds);
        Files.writeString(out.resolve("summary.txt"), table);
        System.out.print(table);
        System.out.println();
        System.out.println("wrote " + out.resolve("verdicts.jsonl") + ", dead-letters.jsonl, summary.json, summary.txt");
    }
}
