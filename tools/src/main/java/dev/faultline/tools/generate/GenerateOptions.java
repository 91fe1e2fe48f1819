package dev.faultline.tools.generate;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Flags of {@code generate}: how many builds, how many failing, from which templates. */
public final class GenerateOptions {
    public static final ConfigOption<Integer> BUILDS =
            ConfigOptions.key("builds")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Builds to generate.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription("Random seed; same seed, same archive.");

    public static final ConfigOption<Double> FAILURE_RATE =
            ConfigOptions.key("failure-rate")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription("Share of failing builds.");

    public static final ConfigOption<Boolean> GZIP =
            ConfigOptions.key("gzip")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Write .log.gz instead of .log.");

    public static final ConfigOption<String> TEMPLATES =
            ConfigOptions.key("templates")
                    .stringType()
                    .defaultValue("testdata")
                    .withDescription(
                            "Folder with sample-archive/ and golden/sample-archive-verdicts.jsonl.");

    public static final ConfigOption<Integer> LINES_PER_BUILD =
            ConfigOptions.key("lines-per-build")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "About this many lines per build (0: the default mix, most builds 20-300"
                                    + " lines, 1 in 1,000 over 10,000).");

    public static final ConfigOption<Boolean> EVENTS =
            ConfigOptions.key("events")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Write the templates' build events (false: logs only).");

    private GenerateOptions() {}

    /** The shape the flags ask for. */
    public static ArchiveGenerator.Shape shape(org.apache.flink.configuration.ReadableConfig conf) {
        return new ArchiveGenerator.Shape(
                conf.get(LINES_PER_BUILD),
                conf.get(EVENTS)
                        ? ArchiveGenerator.Shape.Events.WRITTEN
                        : ArchiveGenerator.Shape.Events.LEFT_OUT);
    }
}
