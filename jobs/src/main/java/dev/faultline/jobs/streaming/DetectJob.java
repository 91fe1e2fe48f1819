package dev.faultline.jobs.streaming;

import dev.faultline.connectors.kafka.BacklogReportingSource;
import dev.faultline.connectors.kafka.JsonRecordSerializer;
import dev.faultline.connectors.kafka.KafkaClients;
import dev.faultline.connectors.kafka.KafkaInput;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.connectors.kafka.KafkaRecords;
import dev.faultline.jobs.assembly.AlertStage;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.assembly.JobEnvironment;
import dev.faultline.jobs.assembly.Paging;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.alert.AlertClock;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.graph.FaultlineGraph;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordTypes;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Live detection: {@code build-logs} and {@code build-events} from Kafka through the shared graph
 * into {@code build-verdicts} (transactional, exactly once) and {@code build-dead-letters}; alerts
 * about failure spikes to {@code build-alerts} (exactly once) and, when configured, Alertmanager
 * and PagerDuty.
 *
 * <p>Event time comes from the lines' own timestamps with bounded out-of-orderness, per partition,
 * and idle partitions stop holding the watermark back. Verdicts become visible to {@code
 * read_committed} consumers when the checkpoint after them completes.
 */
public final class DetectJob {
    private static final OutputTag<DeadLetter> DEAD =
            new OutputTag<>("input-dead-letters", RecordTypes.DEAD_LETTER);

    /**
     * How often the logs source checks whether it reads a backlog (four requests to the broker):
     * the end of a backlog shows within this, then checkpoints come at the live interval.
     */
    static final Duration BACKLOG_CHECK_PERIOD = Duration.ofSeconds(1);

    /** How often the sources emit a watermark. */
    static final Duration WATERMARK_INTERVAL = Duration.ofMillis(100);

    /** Where {@code java -jar ... detect} checkpoints without {@code --checkpoint-dir}. */
    public static final String EMBEDDED_CHECKPOINT_DIR = "out/detect/checkpoints";

    private DetectJob() {}

    /**
     * The configuration the job runs with: RocksDB, incremental exactly-once checkpoints, restarts.
     */
    public static Configuration jobConfiguration(Configuration options) {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                options.get(FaultlineOptions.CHECKPOINT_INTERVAL));
        // While the logs source reports a backlog (BacklogReportingSource), checkpoints are
        // further apart: at one a second a backlog is read at half the speed.
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG,
                max(
                        options.get(FaultlineOptions.CHECKPOINT_INTERVAL_DURING_BACKLOG),
                        options.get(FaultlineOptions.CHECKPOINT_INTERVAL)));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Always durable checkpoint storage, never the JobManager's memory (a fallback Flink takes
        // when no directory is configured): its 5 MB cap is outgrown by CEP's buffered lines under
        // a backlog, every checkpoint then fails and no verdict is ever committed. Without a
        // directory here or in the cluster's configuration the job fails at start instead.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention
                        .RETAIN_ON_CANCELLATION);
        // A build's verdict waits for the watermark to pass its end line; it moves on at this
        // interval (Flink's default is 200 ms).
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, WATERMARK_INTERVAL);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        options.getOptional(FaultlineOptions.CHECKPOINT_DIR)
                .ifPresent(dir -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
        options.getOptional(FaultlineOptions.FROM_SAVEPOINT)
                .ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        return conf;
    }

    public static GraphOptions graphOptions(Configuration options) {
        GraphOptions graph =
                GraphOptions.streaming()
                        .withInactivityTimeout(options.get(FaultlineOptions.INACTIVITY_TIMEOUT))
                        .withEventSettleDelay(options.get(FaultlineOptions.EVENT_SETTLE))
                        .withEndLineConfirmation(
                                options.get(FaultlineOptions.END_LINE_CONFIRMATION));
        return options.get(FaultlineOptions.LINE_ORDER) == FaultlineOptions.LineOrder.LOG
                ? graph.withLinesInLogOrder()
                : graph;
    }

    /** Kafka sources → shared graph → Kafka sinks, on {@code env}. */
    public static void build(
            StreamExecutionEnvironment env, Configuration options, SignatureCatalog catalog) {
        build(env, options, catalog, UnaryOperator.identity());
    }

    /**
     * As above, with {@code logInputs} applied to the parsed log records before anything else reads
     * them: tests put a fault there (a failure after N records) to check exactly-once across a
     * restart.
     */
    public static void build(
            StreamExecutionEnvironment env,
            Configuration options,
            SignatureCatalog catalog,
            UnaryOperator<DataStream<KafkaInput>> logInputs) {
        String servers = options.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("detect needs --bootstrap-servers HOST:PORT");
        }
        WatermarkStrategy<KafkaInput> watermarks =
                WatermarkStrategy.<KafkaInput>forBoundedOutOfOrderness(
                                options.get(FaultlineOptions.OUT_OF_ORDERNESS))
                        .withTimestampAssigner((input, kafkaTimestamp) -> input.timestamp)
                        .withIdleness(options.get(FaultlineOptions.IDLENESS));

        DataStream<KafkaInput> logRecords =
                logInputs.apply(
                        env.fromSource(
                                        reportingBacklog(
                                                KafkaClients.source(
                                                        options,
                                                        options.get(KafkaOptions.LOGS_TOPIC),
                                                        new KafkaRecords.LogLines(
                                                                options.get(
                                                                        FaultlineOptions
                                                                                .MAX_TIMESTAMP_SKEW))),
                                                options),
                                        watermarks,
                                        "build-logs")
                                .uid("build-logs-source"));
        SingleOutputStreamOperator<LogLine> lines =
                logRecords
                        .process(new Split<>(LogLine.class), RecordTypes.LOG_LINE)
                        .name("parse-lines")
                        .uid("parse-lines");
        SingleOutputStreamOperator<BuildEvent> events =
                env.fromSource(
                                KafkaClients.source(
                                        options,
                                        options.get(KafkaOptions.EVENTS_TOPIC),
                                        new KafkaRecords.BuildEvents(
                                                options.get(FaultlineOptions.MAX_TIMESTAMP_SKEW))),
                                watermarks,
                                "build-events")
                        .uid("build-events-source")
                        .process(new Split<>(BuildEvent.class), RecordTypes.BUILD_EVENT)
                        .name("parse-events")
                        .uid("parse-events");

        LineRanker ranker =
                LineRanker.load(
                        options.getOptional(FaultlineOptions.RANKER)
                                .map(java.nio.file.Path::of)
                                .orElse(null));
        FaultlineGraph.Outputs graph =
                FaultlineGraph.build(lines, events, null, catalog, ranker, graphOptions(options));
        AlertStage alerting =
                AlertStage.attach(graph.verdicts, options, AlertClock.EVENT_TIME, Paging.SEND);

        String prefix = options.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX);
        graph.verdicts
                .sinkTo(
                        KafkaClients.exactlyOnceSink(
                                options,
                                JsonRecordSerializer.verdicts(
                                        options.get(KafkaOptions.VERDICTS_TOPIC)),
                                prefix + "-verdicts",
                                new Properties()))
                .name("build-verdicts-sink")
                .uid("build-verdicts-sink");
        alerting.alerts
                .sinkTo(
                        KafkaClients.exactlyOnceSink(
                                options,
                                JsonRecordSerializer.alerts(options.get(KafkaOptions.ALERTS_TOPIC)),
                                prefix + "-alerts",
                                new Properties()))
                .name("build-alerts-sink")
                .uid("build-alerts-sink")
                .setParallelism(1);
        Properties deadLetterSink = new Properties();
        // dead letters carry up to 64 KiB of the original record, plus JSON/base64 overhead
        deadLetterSink.setProperty("max.request.size", "4194304");
        alerting.withDeadLetters(
                        graph.deadLetters.union(
                                lines.getSideOutput(DEAD), events.getSideOutput(DEAD)))
                .sinkTo(
                        KafkaClients.exactlyOnceSink(
                                options,
                                JsonRecordSerializer.deadLetters(
                                        options.get(KafkaOptions.DEAD_LETTERS_TOPIC)),
                                prefix + "-dead-letters",
                                deadLetterSink))
                .name("build-dead-letters-sink")
                .uid("build-dead-letters-sink");
    }

    /** The logs source, telling Flink when it reads a backlog (the checkpoint interval follows). */
    private static BacklogReportingSource<KafkaInput, KafkaPartitionSplit, KafkaSourceEnumState>
            reportingBacklog(KafkaSource<KafkaInput> logs, Configuration options) {
        return new BacklogReportingSource<>(
                logs,
                KafkaRecords.TYPE,
                KafkaClients.lag(options, options.get(KafkaOptions.LOGS_TOPIC)),
                options.get(FaultlineOptions.BACKLOG_THRESHOLD),
                BACKLOG_CHECK_PERIOD);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Runs the streaming job until it is cancelled or stopped with a savepoint. */
    public static void run(Configuration options, SignatureCatalog catalog) throws Exception {
        StreamExecutionEnvironment env =
                JobEnvironment.create(
                        jobConfiguration(options), options.get(FaultlineOptions.PARALLELISM));
        build(env, options, catalog);
        env.execute("faultline-detect");
    }

    /** Routes parsed records to the main output and unusable ones to dead letters. */
    static final class Split<T> extends ProcessFunction<KafkaInput, T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;

        Split(Class<T> type) {
            this.type = type;
        }

        @Override
        public void processElement(KafkaInput in, Context ctx, Collector<T> out) {
            if (in.dead != null) {
                ctx.output(DEAD, in.dead);
            } else if (type == LogLine.class && in.line != null) {
                out.collect(type.cast(in.line));
            } else if (type == BuildEvent.class && in.event != null) {
                out.collect(type.cast(in.event));
            }
        }
    }
}
