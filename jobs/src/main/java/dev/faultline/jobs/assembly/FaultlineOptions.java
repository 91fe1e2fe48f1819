package dev.faultline.jobs.assembly;

import dev.faultline.connectors.kafka.KafkaRecords;
import dev.faultline.operators.GraphOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the jobs themselves (input, output, catalog and ranker, checkpointing, event time);
 * CLI flags {@code --name value} map onto these keys. Kafka, alerting and the tools have options of
 * their own, next to the code they configure.
 */
public final class FaultlineOptions {
    public static final ConfigOption<String> ARCHIVE =
            ConfigOptions.key("archive")
                    .stringType()
                    .defaultValue("testdata/sample-archive")
                    .withDescription(
                            "Directory tree of <buildId>.log[.gz] files and *.events.jsonl files.");

    public static final ConfigOption<String> OUT =
            ConfigOptions.key("out")
                    .stringType()
                    .defaultValue("out/backfill")
                    .withDescription(
                            "Where verdicts.jsonl, dead-letters.jsonl and the summary are written.");

    public static final ConfigOption<String> AGAINST =
            ConfigOptions.key("against")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "check-signatures: an archive to shadow-test the catalog on (backfilled"
                                    + " with the baseline and with the candidate catalog).");

    public static final ConfigOption<String> BASELINE_SIGNATURES =
            ConfigOptions.key("baseline-signatures")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "check-signatures --against: the catalog in use now (default: the one"
                                    + " shipped in the jar).");

    public static final ConfigOption<Double> MAX_SUCCESS_SHARE =
            ConfigOptions.key("max-success-share")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "check-signatures --against: the share of successful builds a new or"
                                    + " changed signature may fire on before the check fails.");

    public static final ConfigOption<String> SIGNATURES =
            ConfigOptions.key("signatures")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A signature catalog YAML file replacing the one shipped in the jar.");

    public static final ConfigOption<String> RANKER =
            ConfigOptions.key("ranker")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A line ranker model (train-ranker's output) replacing the one shipped in the jar.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Parallelism of the job.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Checkpoint interval; verdicts become visible to read_committed consumers at each checkpoint.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL_DURING_BACKLOG =
            ConfigOptions.key("checkpoint-interval-during-backlog")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(15))
                    .withDescription(
                            "Checkpoint interval while the logs topic holds a backlog (see --backlog-threshold): fewer, larger checkpoints while catching up.");

    public static final ConfigOption<Long> BACKLOG_THRESHOLD =
            ConfigOptions.key("backlog-threshold")
                    .longType()
                    .defaultValue(100_000L)
                    .withDescription(
                            "Unread log records (over all partitions, as of the last committed offsets) above which detect is catching up on a backlog.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("checkpoint-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Checkpoint storage URI, e.g. file:///var/lib/faultline/checkpoints (default: the cluster's).");

    public static final ConfigOption<String> FROM_SAVEPOINT =
            ConfigOptions.key("from-savepoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Resume from this savepoint or retained checkpoint.");

    public static final ConfigOption<Duration> INACTIVITY_TIMEOUT =
            ConfigOptions.key("inactivity-timeout")
                    .durationType()
                    .defaultValue(GraphOptions.DEFAULT_INACTIVITY_TIMEOUT)
                    .withDescription(
                            "Event time after a build's last record at which it is decided anyway "
                                    + "(a little over the platform's 20-minute build limit).");

    public static final ConfigOption<Duration> EVENT_SETTLE =
            ConfigOptions.key("event-settle")
                    .durationType()
                    .defaultValue(GraphOptions.DEFAULT_EVENT_SETTLE_DELAY)
                    .withDescription(
                            "How long after a build event with an outcome to wait for the build's last lines.");

    public static final ConfigOption<Duration> END_LINE_CONFIRMATION =
            ConfigOptions.key("end-line-confirmation")
                    .durationType()
                    .defaultValue(GraphOptions.DEFAULT_END_LINE_CONFIRMATION)
                    .withDescription(
                            "How long after an end-of-job line a verdict waits for a later end line of the same build, which then decides instead.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Bounded out-of-orderness of line timestamps across a partition.");

    public static final ConfigOption<Duration> MAX_TIMESTAMP_SKEW =
            ConfigOptions.key("max-timestamp-skew")
                    .durationType()
                    .defaultValue(KafkaRecords.DEFAULT_MAX_TIMESTAMP_SKEW)
                    .withDescription(
                            "A line's or event's own timestamp further than this from its Kafka record time is replaced by the record time (dead letter timestamp-out-of-window).");

    /** How each build's lines reach {@code detect}, which decides how CEP orders them. */
    public enum LineOrder {
        /**
         * In log order within their partition, as a producer that keys records by build ID writes
         * them: CEP matches each line on arrival (cheap), as the backfill does.
         */
        LOG,
        /**
         * Possibly out of order (several writers per build): CEP holds every step line in state
         * until the watermark passes it and sorts by timestamp, at several times the cost.
         */
        EVENT_TIME
    }

    public static final ConfigOption<LineOrder> LINE_ORDER =
            ConfigOptions.key("line-order")
                    .enumType(LineOrder.class)
                    .defaultValue(LineOrder.LOG)
                    .withDescription(
                            "LOG: each build's lines arrive in log order (records keyed by build ID); EVENT_TIME: sort them by timestamp first.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition quiet this long stops holding back the watermark.");

    public static final ConfigOption<Boolean> ALLOW_PAGING =
            ConfigOptions.key("allow-paging")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "backfill only: send alerts to Alertmanager/PagerDuty (off: alerts.jsonl only).");

    private FaultlineOptions() {}
}
