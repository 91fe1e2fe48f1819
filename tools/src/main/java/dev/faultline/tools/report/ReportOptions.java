package dev.faultline.tools.report;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Flags of {@code report}: which verdicts and alerts, and where the page goes. */
public final class ReportOptions {
    public static final ConfigOption<String> VERDICTS =
            ConfigOptions.key("verdicts")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A verdicts.jsonl file (one BuildVerdict per line).");

    public static final ConfigOption<String> ALERTS =
            ConfigOptions.key("alerts")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "An alerts.jsonl file; default: alerts.jsonl beside the verdicts, if there is one.");

    public static final ConfigOption<String> OUT =
            ConfigOptions.key("out")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The page to write; default: report.html beside the verdicts.");

    private ReportOptions() {}
}
