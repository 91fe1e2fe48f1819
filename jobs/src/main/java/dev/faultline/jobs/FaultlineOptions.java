package dev.faultline.jobs;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Every option of every Faultline job; CLI flags {@code --name value} map onto these keys. */
public final class FaultlineOptions {
    public static final ConfigOption<String> ARCHIVE =
            ConfigOptions.key("archive")
                    .stringType()
                    .defaultValue("testdata/sample-archive")
                    .withDescription("Directory tree of <buildId>.log[.gz] files and *.events.jsonl files.");

    public static final ConfigOption<String> OUT =
            ConfigOptions.key("out")
                    .stringType()
                    .defaultValue("out/backfill")
                    .withDescription("Where verdicts.jsonl, dead-letters.jsonl and the summary are written.");

    public static final ConfigOption<String> SIGNATURES =
            ConfigOptions.key("signatures")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A signature catalog YAML file replacing the one shipped in the jar.");

    public static final ConfigOption<String> RANKER =
            ConfigOptions.key("ranker")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A line ranker model (train-ranker's output) replacing the one shipped in the jar.");

    public static final ConfigOption<String> WORK =
            ConfigOptions.key("work")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("train-ranker: where the backfill of the data set writes its candidate lines.");

    public static final ConfigOption<String> WITHOUT =
            ConfigOptions.key("without")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("evaluate-logchunks --folds: train without these ranker feature groups, comma-separated"
                            + " (catalog, error-words, position, layout, shape, words), to measure what each buys.");

    public static final ConfigOption<Integer> FOLDS =
            ConfigOptions.key("folds")
                    .intType()
                    .defaultValue(0)
                    .withDescription("evaluate-logchunks: cross-validate the ranker over this many folds split by"
                            + " repository (0: score the model as it is).");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Parallelism of the job.");

    public static final ConfigOption<String> DATASET =
            ConfigOptions.key("dataset")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A LogChunks-style directory: lc-*.log.gz files and labels.jsonl.");

    // ---- streaming (detect) ----

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, HOST:PORT[,HOST:PORT].");

    public static final ConfigOption<String> LOGS_TOPIC =
            ConfigOptions.key("logs-topic").stringType().defaultValue("build-logs")
                    .withDescription("Topic of LogLine JSON records, key = build ID.");

    public static final ConfigOption<String> EVENTS_TOPIC =
            ConfigOptions.key("events-topic").stringType().defaultValue("build-events")
                    .withDescription("Topic of the platform's BuildEvent JSON records.");

    public static final ConfigOption<String> VERDICTS_TOPIC =
            ConfigOptions.key("verdicts-topic").stringType().defaultValue("build-verdicts")
                    .withDescription("Topic the BuildVerdicts are written to, transactionally.");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            ConfigOptions.key("dead-letters-topic").stringType().defaultValue("build-dead-letters")
                    .withDescription("Topic for records that could not be parsed or used.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id").stringType().defaultValue("faultline-detect")
                    .withDescription("Kafka consumer group (offsets live in Flink checkpoints; this is for monitoring).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix").stringType().defaultValue("faultline-detect")
                    .withDescription("Prefix of the Kafka sink's transactional IDs; unique per job on a cluster.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval").durationType().defaultValue(Duration.ofSeconds(5))
                    .withDescription("Checkpoint interval; verdicts become visible to read_committed consumers at each checkpoint.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("checkpoint-dir").stringType().noDefaultValue()
                    .withDescription("Checkpoint storage URI, e.g. file:///var/lib/faultline/checkpoints (default: the cluster's).");

    public static final ConfigOption<String> FROM_SAVEPOINT =
            ConfigOptions.key("from-savepoint").stringType().noDefaultValue()
                    .withDescription("Resume from this savepoint or retained checkpoint.");

    public static final ConfigOption<Duration> INACTIVITY_TIMEOUT =
            ConfigOptions.key("inactivity-timeout").durationType().defaultValue(Duration.ofMinutes(25))
                    .withDescription("Event time after a build's last record at which it is decided anyway "
                            + "(a little over the platform's 20-minute build limit).");

    public static final ConfigOption<Duration> EVENT_SETTLE =
            ConfigOptions.key("event-settle").durationType().defaultValue(Duration.ofSeconds(30))
                    .withDescription("How long after a build event with an outcome to wait for the build's last lines.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness").durationType().defaultValue(Duration.ofSeconds(2))
                    .withDescription("Bounded out-of-orderness of line timestamps across a partition.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness").durationType().defaultValue(Duration.ofSeconds(30))
                    .withDescription("A partition quiet this long stops holding back the watermark.");

    // ---- replay ----

    public static final ConfigOption<Integer> RATE =
            ConfigOptions.key("rate").intType().defaultValue(0)
                    .withDescription("Records per second to produce (0: as fast as the broker takes them).");

    public static final ConfigOption<Boolean> REALTIME =
            ConfigOptions.key("realtime").booleanType().defaultValue(false)
                    .withDescription("Send each record when the wall clock reaches its (rebased) time, as a live platform would.");

    public static final ConfigOption<Duration> STAGGER =
            ConfigOptions.key("stagger").durationType().defaultValue(Duration.ofSeconds(2))
                    .withDescription("How far apart consecutive builds start in the replay.");

    public static final ConfigOption<String> BUILD_ID_PREFIX =
            ConfigOptions.key("build-id-prefix").stringType().defaultValue("")
                    .withDescription("Prefixed to every replayed build ID, so the same archive replayed again gives new builds.");

    public static final ConfigOption<String> START =
            ConfigOptions.key("start").stringType().defaultValue("now")
                    .withDescription("When the first replayed build starts: now, now-DURATION (e.g. now-3h) or an ISO-8601 instant.");

    public static final ConfigOption<Duration> END_TICK =
            ConfigOptions.key("end-tick").durationType().defaultValue(Duration.ZERO)
                    .withDescription("If set, one line of build <prefix>end-tick this long after the last record, so that "
                            + "event time passes every replayed build's end (0: off).");

    // ---- generate ----

    public static final ConfigOption<Integer> BUILDS =
            ConfigOptions.key("builds").intType().defaultValue(1000).withDescription("Builds to generate.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed").longType().defaultValue(42L).withDescription("Random seed; same seed, same archive.");

    public static final ConfigOption<Double> FAILURE_RATE =
            ConfigOptions.key("failure-rate").doubleType().defaultValue(0.3).withDescription("Share of failing builds.");

    public static final ConfigOption<Boolean> GZIP =
            ConfigOptions.key("gzip").booleanType().defaultValue(false).withDescription("Write .log.gz instead of .log.");

    public static final ConfigOption<String> TEMPLATES =
            ConfigOptions.key("templates").stringType().defaultValue("testdata")
                    .withDescription("Folder with sample-archive/ and golden/sample-archive-verdicts.jsonl.");

    private FaultlineOptions() {}
}
