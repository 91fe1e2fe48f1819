package dev.faultline.operators.graph;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.cep.SequenceMatchFunction;
import dev.faultline.operators.cep.SequencePatterns;
import dev.faultline.operators.model.BuildSignal;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.tagging.TagLinesOperator;
import dev.faultline.operators.verdict.BuildHits;
import dev.faultline.operators.verdict.BuildVerdictFunction;
import dev.faultline.operators.verdict.BuildVerdictOperator;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The one operator graph every Faultline job runs: tag lines → key by build → CEP for multi-line
 * signatures + per-build state in RocksDB → one verdict per build.
 *
 * <p>Jobs differ only in what they plug in: the backfill job passes bounded archive streams, the
 * streaming job Kafka streams, tests {@code fromData}. Inputs must carry event timestamps and
 * watermarks; the verdict for a build is emitted once the watermark passes the signal that ended
 * it.
 */
public final class FaultlineGraph {
    static final TypeInformation<TaggedLine> TAGGED_LINE = TypeInformation.of(TaggedLine.class);
    static final TypeInformation<SequenceMatch> SEQUENCE_MATCH =
            TypeInformation.of(SequenceMatch.class);
    static final TypeInformation<BuildSignal> BUILD_SIGNAL = TypeInformation.of(BuildSignal.class);
    public static final TypeInformation<LineChunk> LINE_CHUNK = TypeInformation.of(LineChunk.class);

    private FaultlineGraph() {}

    /** What the graph produces. */
    public static final class Outputs {
        public final DataStream<BuildVerdict> verdicts;
        public final DataStream<DeadLetter> deadLetters;

        /** Every multi-line match CEP found (all sequences), or null when the catalog has none. */
        public final DataStream<SequenceMatch> sequenceMatches;

        /**
         * Every decided build's candidate cause lines; empty unless {@link
         * GraphOptions#emitCandidateSets}.
         */
        public final DataStream<CandidateSet> candidateSets;

        /**
         * Every decided build's signature hits; empty unless {@link
         * GraphOptions#emitSignatureHits}.
         */
        public final DataStream<BuildHits> signatureHits;

        Outputs(
                DataStream<BuildVerdict> verdicts,
                DataStream<DeadLetter> deadLetters,
                DataStream<SequenceMatch> sequenceMatches,
                DataStream<CandidateSet> candidateSets,
                DataStream<BuildHits> signatureHits) {
            this.verdicts = verdicts;
            this.deadLetters = deadLetters;
            this.sequenceMatches = sequenceMatches;
            this.candidateSets = candidateSets;
            this.signatureHits = signatureHits;
        }
    }

    /**
     * @param lines every log line, in order per build (a live stream: each line travels on its own)
     * @param events the platform's build events (may be an empty stream)
     * @param logEnds one record per build whose log is complete (bounded sources), or null
     */
    public static Outputs build(
            DataStream<LogLine> lines,
            DataStream<BuildEvent> events,
            DataStream<LogEnd> logEnds,
            SignatureCatalog catalog,
            LineRanker ranker,
            GraphOptions options) {
        DataStream<LineChunk> chunks =
                lines.transform("line-chunks", LINE_CHUNK, new LineBundler())
                        .setParallelism(lines.getParallelism())
                        .name("line-chunks")
                        .uid("line-chunks");
        return buildFromChunks(chunks, events, logEnds, catalog, ranker, options);
    }

    /**
     * Tagging, the graph's first stage: one signal per chunk, and the lines that carry sequence
     * steps on {@link TagLinesOperator#STEP_LINES}. Same parallelism as the input, so tagging
     * chains to the source and each build's lines keep their order on the way to the key-by (a
     * rebalance here would shuffle them).
     */
    public static SingleOutputStreamOperator<BuildSignal> tagChunks(
            DataStream<LineChunk> chunks, SignatureCatalog catalog, GraphOptions options) {
        return chunks.transform(
                        "tag-lines", BUILD_SIGNAL, new TagLinesOperator(catalog, options.thinLines))
                .setParallelism(chunks.getParallelism())
                .name("tag-lines")
                .uid("tag-lines");
    }

    /**
     * The same graph fed with chunks of consecutive lines of a build (a backfill reads logs whole),
     * so the per-record costs before tagging are paid per chunk. A log's end can ride on its last
     * chunk ({@link LineChunk#end}) or come on {@code logEnds}; both end the build alike.
     */
    public static Outputs buildFromChunks(
            DataStream<LineChunk> chunks,
            DataStream<BuildEvent> events,
            DataStream<LogEnd> logEnds,
            SignatureCatalog catalog,
            LineRanker ranker,
            GraphOptions options) {
        SingleOutputStreamOperator<BuildSignal> lineSignals = tagChunks(chunks, catalog, options);
        DataStream<TaggedLine> stepLines = lineSignals.getSideOutput(TagLinesOperator.STEP_LINES);
        DataStream<BuildSignal> signals = lineSignals;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<SequenceMatch> allMatches = null;

        if (!catalog.sequences().isEmpty()) {
            for (SequenceRule rule : catalog.sequences()) {
                // Each CEP operator gets only the lines tagged with its own steps: CEP keeps every
                // event it is given in keyed state until the watermark passes it, which is costly
                // on RocksDB.
                String prefix = rule.id + "#";
                KeyedStream<TaggedLine, String> steps =
                        stepLines
                                .filter(t -> t.hasStepWithPrefix(prefix))
                                .setParallelism(lineSignals.getParallelism())
                                .name("steps-" + rule.id)
                                .uid("steps-" + rule.id)
                                .keyBy(t -> t.buildId);
                OutputTag<TaggedLine> late = new OutputTag<>("late-" + rule.id, TAGGED_LINE);
                PatternStream<TaggedLine> patternStream =
                        CEP.pattern(steps, SequencePatterns.create(rule));
                // In log order already (see GraphOptions.linesInLogOrder): match on arrival. A
                // match is emitted while its last line is processed, so it still reaches the
                // verdict operator before the watermark that passes the end of the log.
                patternStream =
                        options.linesInLogOrder
                                ? patternStream.inProcessingTime()
                                : patternStream.sideOutputLateData(late);
                SingleOutputStreamOperator<SequenceMatch> matches =
                        patternStream
                                .process(new SequenceMatchFunction(rule), SEQUENCE_MATCH)
                                .name("cep-" + rule.id)
                                .uid("cep-" + rule.id);
                allMatches = allMatches == null ? matches : allMatches.union(matches);
                signals =
                        signals.union(
                                matches.map(BuildSignal::of, BUILD_SIGNAL)
                                        .name("match-signals-" + rule.id)
                                        .uid("match-signals-" + rule.id));
                DataStream<DeadLetter> lateLines =
                        matches.getSideOutput(late)
                                .map(t -> lateLine(t, rule.id), RecordTypes.DEAD_LETTER)
                                .name("late-lines-" + rule.id)
                                .uid("late-lines-" + rule.id);
                deadLetters = deadLetters == null ? lateLines : deadLetters.union(lateLines);
            }
        }

        signals =
                signals.union(
                        events.map(BuildSignal::ofEssentials, BUILD_SIGNAL)
                                .setParallelism(events.getParallelism())
                                .name("event-signals")
                                .uid("event-signals"));
        if (logEnds != null) {
            signals =
                    signals.union(
                            logEnds.map(BuildSignal::of, BUILD_SIGNAL)
                                    .setParallelism(logEnds.getParallelism())
                                    .name("log-end-signals")
                                    .uid("log-end-signals"));
        }

        SingleOutputStreamOperator<BuildVerdict> verdicts =
                signals.keyBy(s -> s.buildId)
                        .transform(
                                "build-verdicts",
                                RecordTypes.BUILD_VERDICT,
                                new BuildVerdictOperator(
                                        new BuildVerdictFunction(catalog, ranker, options)))
                        .name("build-verdicts")
                        .uid("build-verdicts");
        DataStream<DeadLetter> afterVerdict = verdicts.getSideOutput(BuildVerdictFunction.LATE);
        deadLetters = deadLetters == null ? afterVerdict : deadLetters.union(afterVerdict);
        return new Outputs(
                verdicts,
                deadLetters,
                allMatches,
                verdicts.getSideOutput(BuildVerdictFunction.CANDIDATE_SETS),
                verdicts.getSideOutput(BuildVerdictFunction.SIGNATURE_HITS));
    }

    private static DeadLetter lateLine(TaggedLine t, String sequenceId) {
        return new DeadLetter(
                "late-line",
                "line arrived behind the watermark; sequence "
                        + sequenceId
                        + " could not consider it",
                "graph",
                Long.toString(t.seq),
                t.buildId);
    }
}
