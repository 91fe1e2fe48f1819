package dev.faultline.connectors.archive;

import dev.faultline.operators.graph.FaultlineGraph;
import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.RecordTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The bounded archive as the graph's inputs: lines, build events, log ends, and dead letters. */
public final class ArchiveSource {
    static final TypeInformation<LogEnd> LOG_END = TypeInformation.of(LogEnd.class);
    private static final OutputTag<BuildEvent> EVENTS =
            new OutputTag<>("events", RecordTypes.BUILD_EVENT);
    private static final OutputTag<LogEnd> ENDS = new OutputTag<>("log-ends", LOG_END);
    private static final OutputTag<DeadLetter> DEAD =
            new OutputTag<>("archive-dead-letters", RecordTypes.DEAD_LETTER);

    /**
     * The watermark from which every build event of the archive has passed: event files are read
     * before any log and their records stamped below the logs' read-order times ({@link
     * ReadOrderClock}), so an operator whose watermark has reached this holds every event it will
     * get.
     */
    public static final long EVENTS_PASSED_WATERMARK = ReadOrderClock.LOG_PHASE;

    /** Consecutive lines of a log per record, each line with its own read-order time. */
    public final DataStream<LineChunk> chunks;

    public final DataStream<BuildEvent> events;
    public final DataStream<LogEnd> logEnds;
    public final DataStream<DeadLetter> deadLetters;

    private ArchiveSource(SingleOutputStreamOperator<LineChunk> routed) {
        this.chunks = routed;
        this.events = routed.getSideOutput(EVENTS);
        this.logEnds = routed.getSideOutput(ENDS);
        this.deadLetters = routed.getSideOutput(DEAD);
    }

    /** A bounded FileSource over {@code archive} (recursively), events files first. */
    public static ArchiveSource read(StreamExecutionEnvironment env, String archive) {
        return read(env, archive, ArchiveLimits.DEFAULT);
    }

    /** As above, reading at most {@code limits} of each file. */
    public static ArchiveSource read(
            StreamExecutionEnvironment env, String archive, ArchiveLimits limits) {
        ArchiveFormat format = new ArchiveFormat(limits);
        FileSource<ArchiveRecord> files =
                FileSource.forBulkFileFormat(format, new Path(archive))
                        .setSplitAssigner(EventsFirstSplitAssigner::new)
                        // Logs in batches; every other file, hidden ones too, on its own: what is
                        // not an archive file becomes a dead letter rather than being skipped
                        // unseen.
                        .setFileEnumerator(LogBatchEnumerator::new)
                        .build();
        SingleOutputStreamOperator<LineChunk> routed =
                env.fromSource(
                                new ArchiveFileSource<>(files, format),
                                ReadOrderClock.watermarks(),
                                "archive")
                        .uid("archive-source")
                        .process(new Router(), FaultlineGraph.LINE_CHUNK)
                        .name("route-archive-records")
                        .uid("route-archive-records");
        return new ArchiveSource(routed);
    }

    /** One archive stream in, one typed stream per record kind out; chained to the source. */
    static final class Router extends ProcessFunction<ArchiveRecord, LineChunk> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(ArchiveRecord r, Context ctx, Collector<LineChunk> out) {
            if (r.chunk != null) {
                // The chunk's record time is its last tick (ReadOrderClock): its end of log's if it
                // carries one, else its last line's. The lines took the ticks just before.
                long last = ctx.timestamp() - (r.chunk.end != null ? 1 : 0);
                int n = r.chunk.lines.length;
                long[] times = new long[n];
                for (int i = 0; i < n; i++) {
                    times[i] = last - (n - 1 - i);
                }
                r.chunk.eventTimes = times;
                out.collect(r.chunk);
            } else if (r.event != null) {
                ctx.output(EVENTS, r.event);
            } else if (r.end != null) {
                ctx.output(ENDS, r.end);
            } else if (r.dead != null) {
                ctx.output(DEAD, r.dead);
            }
        }
    }
}
