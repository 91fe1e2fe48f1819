package dev.faultline.operators.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.FlinkTestCluster;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.TestLogs;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backfill optimisations before the key-by (lines in chunks from the source, thinning
 * uninteresting lines, dropping sequence-step tags that cannot match, batching a build's lines into
 * one signal, CEP matching lines on arrival instead of in event time) change nothing: the same CEP
 * matches and the same verdicts as the reference graph that sends every line on, one by one.
 *
 * <p>Real logs: the repository's (the sample archive's npm/pnpm/tsc/wrangler/node output, the
 * dialect and tool logs' Python, mocha, Maven and npm output) and, with {@code
 * -Dfaultline.logchunks=DIR}, a LogChunks-style data set of real Travis CI logs.
 */
class OptimisedGraphEquivalenceITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

    @Test
    void sameMatchesAndVerdictsWithAndWithoutTheOptimisations() throws Exception {
        Input input = read(TestLogs.realLogs());
        SignatureCatalog catalog = CatalogLoader.loadDefault();

        // Each build's lines come whole and in order, as from the archive reader: CEP matches on
        // arrival. The reference runs CEP in event time.
        Result optimised = run(input, catalog, GraphOptions.backfill().withLinesInLogOrder());
        Result reference = run(input, catalog, GraphOptions.backfill().withoutThinning());

        Set<String> sequences =
                optimised.matches.stream().map(m -> m.split("\\|")[1]).collect(Collectors.toSet());
        assertThat(optimised.matches)
                .as("the logs exercise several sequences")
                .hasSizeGreaterThan(10);
        assertThat(sequences).contains("npm.err-code-then-reason");
        assertThat(optimised.matches).containsExactlyElementsOf(reference.matches);
        assertThat(optimised.verdicts).hasSize(input.ends.size());
        assertThat(optimised.verdicts).containsExactlyElementsOf(reference.verdicts);
    }

    private record Input(
            List<LogLine> lines, List<Long> times, List<LogEnd> ends, List<Long> endTimes) {}

    private record Result(List<String> matches, List<String> verdicts) {}

    /** Builds one after another, as a backfill reads them; event time rises by one per line. */
    private static Input read(List<Path> logs) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<LogEnd> ends = new ArrayList<>();
        List<Long> endTimes = new ArrayList<>();
        long time = 0;
        for (Path log : logs) {
            List<LogLine> logLines = TestLogs.lines(log);
            for (LogLine line : logLines) {
                lines.add(line);
                times.add(++time);
            }
            LogLine last = logLines.get(logLines.size() - 1);
            ends.add(new LogEnd(last.buildId, last.seq, null));
            endTimes.add(time);
        }
        return new Input(lines, times, ends, endTimes);
    }

    private static Result run(Input input, SignatureCatalog catalog, GraphOptions options)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkTestCluster.configuration());
        // As the jobs run; parallelism 1 keeps each build's lines in order from fromData to
        // tagging.
        env.getConfig().enableObjectReuse();
        env.setParallelism(1);
        // The optimised graph gets a build's lines in chunks of up to 1024, with the end of the log
        // on the last one, as the archive reader sends them (a few short chunks show that lines of
        // one log in several chunks work too); the reference gets one line per record and the ends
        // on their own.
        boolean optimised = options.thinLines;
        List<LineChunk> chunks = chunks(input, optimised ? 1024 : 1, optimised);
        List<Long> endTimes = input.endTimes();
        DataStream<LineChunk> lines =
                env.fromData(chunks, FaultlineGraph.LINE_CHUNK)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<LineChunk>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (c, ts) -> c.eventTimes[c.eventTimes.length - 1]));
        DataStream<LogEnd> ends =
                env.fromData(indexedEnds(input.ends()), TypeInformation.of(IndexedEnd.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<IndexedEnd>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, ts) -> endTimes.get(e.index)))
                        .filter(e -> !optimised)
                        .map(e -> e.end, TypeInformation.of(LogEnd.class));
        DataStream<BuildEvent> events =
                env.fromData(List.of(new BuildEvent()), RecordTypes.BUILD_EVENT).filter(e -> false);

        FaultlineGraph.Outputs out =
                FaultlineGraph.buildFromChunks(
                        lines, events, ends, catalog, TestCatalogs.RANKER, options);
        CloseableIterator<SequenceMatch> matches = out.sequenceMatches.collectAsync();
        CloseableIterator<BuildVerdict> verdicts = out.verdicts.collectAsync();
        env.execute("equivalence " + (options.thinLines ? "optimised" : "reference"));

        TreeSet<String> m = new TreeSet<>();
        matches.forEachRemaining(
                x ->
                        m.add(
                                x.buildId
                                        + "|"
                                        + x.sequenceId
                                        + "|"
                                        + Arrays.toString(x.lines)
                                        + "|"
                                        + x.evidenceIndex
                                        + "|"
                                        + String.join("\u0001", x.texts)));
        TreeSet<String> v = new TreeSet<>();
        verdicts.forEachRemaining(
                x ->
                        v.add(
                                x.buildId
                                        + "|"
                                        + x.outcome
                                        + "|"
                                        + x.category
                                        + "|"
                                        + x.fault
                                        + "|"
                                        + x.stage
                                        + "|"
                                        + x.signature
                                        + "|"
                                        + x.summary
                                        + "|"
                                        + x.lines
                                        + "|"
                                        + Arrays.stream(x.evidence)
                                                .map(e -> e.line + ":" + e.text)
                                                .collect(Collectors.joining(","))));
        return new Result(new ArrayList<>(m), new ArrayList<>(v));
    }

    public static class IndexedEnd {
        public int index;
        public LogEnd end;

        public IndexedEnd() {}
    }

    /**
     * Consecutive lines of each build, at most {@code size} per chunk (every seventh build in
     * chunks of 7 lines), each line at its own time; with {@code withEnds} the last chunk of a log
     * carries its end.
     */
    private static List<LineChunk> chunks(Input input, int size, boolean withEnds) {
        Map<String, LogEnd> endOf = new HashMap<>();
        input.ends().forEach(e -> endOf.put(e.buildId, e));
        List<LineChunk> out = new ArrayList<>();
        List<LogLine> lines = input.lines();
        int i = 0;
        int builds = 0;
        while (i < lines.size()) {
            String build = lines.get(i).buildId;
            builds += lines.get(i).seq == 1 ? 1 : 0;
            int limit = size > 1 && builds % 7 == 0 ? 7 : size;
            int j = i;
            while (j < lines.size() && j - i < limit && lines.get(j).buildId.equals(build)) {
                j++;
            }
            LogLine[] part = lines.subList(i, j).toArray(new LogLine[0]);
            long[] times = new long[part.length];
            for (int k = 0; k < part.length; k++) {
                times[k] = input.times().get(i + k);
            }
            LineChunk chunk = new LineChunk(build, part, times);
            if (withEnds && (j == lines.size() || !lines.get(j).buildId.equals(build))) {
                chunk.end = endOf.get(build);
            }
            out.add(chunk);
            i = j;
        }
        return out;
    }

    private static List<IndexedEnd> indexedEnds(List<LogEnd> ends) {
        List<IndexedEnd> out = new ArrayList<>(ends.size());
        for (int i = 0; i < ends.size(); i++) {
            IndexedEnd e = new IndexedEnd();
            e.index = i;
            e.end = ends.get(i);
            out.add(e);
        }
        return out;
    }
}
