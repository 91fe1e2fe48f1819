package dev.faultline.connectors.alert;

import dev.faultline.operators.alert.AlertRules;
import dev.faultline.operators.alert.AlertThreshold;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Flags of the alerting stage and its sinks (shared by detect and backfill). */
public final class AlertOptions {
    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("alerts-topic").stringType().defaultValue("build-alerts")
                    .withDescription("Kafka topic the alert records are written to (detect), key = dedupKey.");

    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("alert-window").durationType().defaultValue(Duration.ofMinutes(5))
                    .withDescription("Sliding window over which failures are counted.");
    public static final ConfigOption<Duration> SLIDE =
            ConfigOptions.key("alert-slide").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("How often the window is evaluated (event time).");
    public static final ConfigOption<Duration> QUIET =
            ConfigOptions.key("alert-quiet-period").durationType().defaultValue(Duration.ofMinutes(10))
                    .withDescription("How long counts must stay below the threshold before an alert resolves.");
    public static final ConfigOption<String> THRESHOLD =
            ConfigOptions.key("alert-threshold").stringType().defaultValue("10:0.01")
                    .withDescription("COUNT:SHARE for platform failures of one category and signature.");
    public static final ConfigOption<String> CATEGORY_THRESHOLDS =
            ConfigOptions.key("alert-category-thresholds").stringType().defaultValue("")
                    .withDescription("Per-category overrides, CATEGORY=COUNT:SHARE,...; defaults: internal=3:0, "
                            + "initialization=5:0.01, health_check=5:0.01, dependency_installation=15:0.02, tool_installation=15:0.02.");
    public static final ConfigOption<String> STAGE_THRESHOLD =
            ConfigOptions.key("alert-stage-threshold").stringType().defaultValue("15:0.02")
                    .withDescription("COUNT:SHARE for platform failures of any signature at one stage.");
    public static final ConfigOption<Duration> UNKNOWN_WINDOW =
            ConfigOptions.key("alert-unknown-window").durationType().defaultValue(Duration.ofHours(1))
                    .withDescription("Window in which a recurring unknown failure is counted.");
    public static final ConfigOption<Integer> UNKNOWN_MIN =
            ConfigOptions.key("alert-unknown-min-builds").intType().defaultValue(3)
                    .withDescription("Builds with the same masked unknown-failure line that raise a triage alert.");

    public static final ConfigOption<String> ALERTMANAGER_URL =
            ConfigOptions.key("alertmanager-url").stringType().noDefaultValue()
                    .withDescription("Alertmanager base URL (alerts go to URL/api/v2/alerts); unset: not used.");
    public static final ConfigOption<Duration> ALERTMANAGER_RESEND =
            ConfigOptions.key("alertmanager-resend").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("How often firing alerts are sent again; endsAt is 4 resends ahead.");
    public static final ConfigOption<String> PAGERDUTY_URL =
            ConfigOptions.key("pagerduty-url").stringType().defaultValue("https://events.pagerduty.com/v2/enqueue")
                    .withDescription("PagerDuty Events API v2 endpoint.");
    public static final ConfigOption<String> PAGERDUTY_ROUTING_KEY =
            ConfigOptions.key("pagerduty-routing-key").stringType().noDefaultValue()
                    .withDescription("PagerDuty integration (routing) key; or set " + PagerDutyReceiver.ROUTING_KEY_ENV
                            + ". Unset: PagerDuty is not used.");
    public static final ConfigOption<Boolean> PAGERDUTY_TRIAGE =
            ConfigOptions.key("pagerduty-triage").booleanType().defaultValue(false)
                    .withDescription("Also send low-urgency triage alerts (recurring unknown failures) to PagerDuty.");
    public static final ConfigOption<Duration> DELIVERY_TIMEOUT =
            ConfigOptions.key("alert-delivery-timeout").durationType().defaultValue(Duration.ofMinutes(2))
                    .withDescription("How long one alert may be retried before it becomes a dead letter.");
    public static final ConfigOption<Integer> DELIVERY_ATTEMPTS =
            ConfigOptions.key("alert-delivery-attempts").intType().defaultValue(6)
                    .withDescription("Attempts per alert (retries on 429, 5xx and connection errors; never on 400).");
    public static final ConfigOption<Boolean> ALLOW_PAGING =
            ConfigOptions.key("allow-paging").booleanType().defaultValue(false)
                    .withDescription("backfill only: send alerts to Alertmanager/PagerDuty (off: alerts.jsonl only).");

    /** Flags both jobs accept. */
    public static final Set<ConfigOption<?>> ALL = Set.of(
            WINDOW, SLIDE, QUIET, THRESHOLD, CATEGORY_THRESHOLDS, STAGE_THRESHOLD, UNKNOWN_WINDOW, UNKNOWN_MIN,
            ALERTMANAGER_URL, ALERTMANAGER_RESEND, PAGERDUTY_URL, PAGERDUTY_ROUTING_KEY, PAGERDUTY_TRIAGE,
            DELIVERY_TIMEOUT, DELIVERY_ATTEMPTS);

    private AlertOptions() {}

    public static AlertRules rules(Configuration conf) {
        return new AlertRules(
                conf.get(WINDOW),
                conf.get(SLIDE),
                conf.get(QUIET),
                AlertThreshold.parse(conf.get(THRESHOLD)),
                AlertRules.categoryThresholds(conf.get(CATEGORY_THRESHOLDS)),
                AlertThreshold.parse(conf.get(STAGE_THRESHOLD)),
                conf.get(UNKNOWN_WINDOW),
                conf.get(UNKNOWN_MIN),
                3);
    }

    /** The routing key from the flag, else from the environment; null when PagerDuty is off. */
    public static String routingKey(Configuration conf) {
        String key = conf.getOptional(PAGERDUTY_ROUTING_KEY).orElse(System.getenv(PagerDutyReceiver.ROUTING_KEY_ENV));
        return key == null || key.isBlank() ? null : key.trim();
    }
}
