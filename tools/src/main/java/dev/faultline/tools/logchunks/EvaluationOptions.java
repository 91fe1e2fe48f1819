package dev.faultline.tools.logchunks;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Flags of {@code evaluate-logchunks} and {@code train-ranker}. */
public final class EvaluationOptions {
    public static final ConfigOption<String> DATASET =
            ConfigOptions.key("dataset")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A LogChunks-style directory: lc-*.log.gz files and labels.jsonl.");

    public static final ConfigOption<Integer> FOLDS =
            ConfigOptions.key("folds")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "evaluate-logchunks: cross-validate the ranker over this many folds split by"
                                    + " repository (0: score the model as it is).");

    public static final ConfigOption<String> WITHOUT =
            ConfigOptions.key("without")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "evaluate-logchunks --folds: train without these ranker feature groups, comma-separated"
                                    + " (catalog, error-words, position, layout, shape, words), to measure what each buys.");

    public static final ConfigOption<String> WORK =
            ConfigOptions.key("work")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "train-ranker: where the backfill of the data set writes its candidate lines.");

    private EvaluationOptions() {}
}
