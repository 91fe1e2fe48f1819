package dev.faultline.jobs;

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

    private FaultlineOptions() {}
}
