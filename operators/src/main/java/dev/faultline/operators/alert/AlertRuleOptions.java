package dev.faultline.operators.alert;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** Flags of the alert rules: windows, thresholds, quiet period (both jobs). */
public final class AlertRuleOptions {
    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("alert-window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("Sliding window over which failures are counted.");

    public static final ConfigOption<Duration> SLIDE =
            ConfigOptions.key("alert-slide")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("How often the window is evaluated (event time).");

    public static final ConfigOption<Duration> QUIET =
            ConfigOptions.key("alert-quiet-period")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long counts must stay below the threshold before an alert resolves.");

    public static final ConfigOption<String> THRESHOLD =
            ConfigOptions.key("alert-threshold")
                    .stringType()
                    .defaultValue("10:0.01")
                    .withDescription(
                            "COUNT:SHARE for platform failures of one category and signature.");

    public static final ConfigOption<String> CATEGORY_THRESHOLDS =
            ConfigOptions.key("alert-category-thresholds")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Per-category overrides, CATEGORY=COUNT:SHARE,...; defaults: internal=3:0, "
                                    + "initialization=5:0.01, health_check=5:0.01, dependency_installation=15:0.02, tool_installation=15:0.02.");

    public static final ConfigOption<String> STAGE_THRESHOLD =
            ConfigOptions.key("alert-stage-threshold")
                    .stringType()
                    .defaultValue("15:0.02")
                    .withDescription(
                            "COUNT:SHARE for platform failures of any signature at one stage.");

    public static final ConfigOption<Duration> UNKNOWN_WINDOW =
            ConfigOptions.key("alert-unknown-window")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("Window in which a recurring unknown failure is counted.");

    public static final ConfigOption<Integer> UNKNOWN_MIN =
            ConfigOptions.key("alert-unknown-min-builds")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Builds with the same masked unknown-failure line that raise a triage alert.");

    public static final ConfigOption<Integer> MIN_ACCOUNTS =
            ConfigOptions.key("alert-min-accounts")
                    .intType()
                    .defaultValue(AlertRules.DEFAULT_MIN_ACCOUNTS)
                    .withDescription(
                            "Distinct accounts (repositories where no account is known) whose failures an alert needs, so one account's builds never page.");

    /** Every flag of the alert rules. */
    public static final Set<ConfigOption<?>> ALL =
            Set.of(
                    WINDOW,
                    SLIDE,
                    QUIET,
                    THRESHOLD,
                    CATEGORY_THRESHOLDS,
                    STAGE_THRESHOLD,
                    UNKNOWN_WINDOW,
                    UNKNOWN_MIN,
                    MIN_ACCOUNTS);

    private AlertRuleOptions() {}

    /** The rules the flags give (their defaults where a flag is not set). */
    public static AlertRules rules(ReadableConfig conf) {
        return new AlertRules(
                conf.get(WINDOW),
                conf.get(SLIDE),
                conf.get(QUIET),
                AlertThreshold.parse(conf.get(THRESHOLD)),
                AlertRules.categoryThresholds(conf.get(CATEGORY_THRESHOLDS)),
                AlertThreshold.parse(conf.get(STAGE_THRESHOLD)),
                conf.get(UNKNOWN_WINDOW),
                conf.get(UNKNOWN_MIN),
                3,
                conf.get(MIN_ACCOUNTS));
    }
}
