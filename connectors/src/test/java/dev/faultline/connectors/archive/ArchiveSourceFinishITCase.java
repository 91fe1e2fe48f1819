package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.model.LineChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive of many small logs, read by the archive source alone into discarding sinks: the reader
 * keeps up easily, so its fetcher often runs out of splits. Before {@link SplitReservingSource},
 * each such pause shut the fetcher down, and in about half of the runs one shutdown hit Flink's
 * FLINK-40660 race: the job read everything, then waited 30 s for the stuck fetcher at close.
 */
class ArchiveSourceFinishITCase {
    private static final int BUILDS = 20_000;
    private static final int RUNS = 6;

    /** Far below the 30 s the reader's close waits for a stuck fetcher. */
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir Path dir;

    @Test
    void everyRunReadsEveryLineAndFinishesWithoutWaitingOnAFetcher() throws Exception {
        long expectedLines = writeArchive(dir.resolve("archive"));
        for (int run = 1; run <= RUNS; run++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            ArchiveSource source = ArchiveSource.read(env, dir.resolve("archive").toString());
            source.chunks.map(new LineCounter()).sinkTo(new DiscardingSink<>());
            source.events.sinkTo(new DiscardingSink<>());
            source.logEnds.sinkTo(new DiscardingSink<>());
            source.deadLetters.sinkTo(new DiscardingSink<>());

            long start = System.nanoTime();
            JobExecutionResult result = env.execute("archive-source-finish " + run);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.<Long>getAccumulatorResult(LineCounter.LINES))
                    .as("lines read in run %d", run)
                    .isEqualTo(expectedLines);
            assertThat(took).as("job time of run %d", run).isLessThan(WITHIN);
        }
    }

    /** The sample archive's logs, copied round-robin into 256 folders; returns the line count. */
    private static long writeArchive(Path archive) throws IOException {
        List<byte[]> samples = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("..", "testdata", "sample-archive"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                samples.add(Files.readAllBytes(p));
            }
        }
        long lines = 0;
        for (int i = 0; i < BUILDS; i++) {
            Path folder = Files.createDirectories(archive.resolve(String.format("d%02d", i % 256)));
            byte[] log = samples.get(i % samples.size());
            Files.write(folder.resolve(String.format("b%05d.log", i)), log);
            lines += countLines(log);
        }
        return lines;
    }

    private static long countLines(byte[] log) {
        long n = 0;
        for (int i = 0; i < log.length; i++) {
            if (log[i] == '\n' || (i == log.length - 1)) {
                n++;
            }
        }
        return n;
    }

    /** Counts the lines of the chunks it passes on into an accumulator. */
    private static final class LineCounter extends RichMapFunction<LineChunk, LineChunk> {
        static final String LINES = "lines";
        private transient LongCounter lines;

        @Override
        public void open(OpenContext context) {
            lines = getRuntimeContext().getLongCounter(LINES);
        }

        @Override
        public LineChunk map(LineChunk chunk) {
            lines.add(chunk.lines.length);
            return chunk;
        }
    }
}
