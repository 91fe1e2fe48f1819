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

    private GenerateOptions() {}
}
