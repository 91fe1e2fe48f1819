package dev.faultline.connectors.alert;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** Flags of the alert receivers: Alertmanager, PagerDuty, and how delivery retries (both jobs). */
public final class AlertReceiverOptions {
    public static final ConfigOption<String> ALERTMANAGER_URL =
            ConfigOptions.key("alertmanager-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Alertmanager base URL (alerts go to URL/api/v2/alerts); unset: not used.");

    public static final ConfigOption<Duration> ALERTMANAGER_RESEND =
            ConfigOptions.key("alertmanager-resend")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How often firing alerts are sent again; endsAt is 4 resends ahead.");

    public static final ConfigOption<String> PAGERDUTY_URL =
            ConfigOptions.key("pagerduty-url")
                    .stringType()
                    .defaultValue("https://events.pagerduty.com/v2/enqueue")
                    .withDescription("PagerDuty Events API v2 endpoint.");

    public static final ConfigOption<Boolean> PAGERDUTY_ALLOW_HTTP =
            ConfigOptions.key("pagerduty-allow-http")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Accept an http:// --pagerduty-url (a local test receiver); otherwise only https://, "
                                    + "as the routing key travels in every request.");

    public static final ConfigOption<String> PAGERDUTY_ROUTING_KEY =
            ConfigOptions.key("pagerduty-routing-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PagerDuty integration (routing) key; or set "
                                    + PagerDutyReceiver.ROUTING_KEY_ENV
                                    + ". Unset: PagerDuty is not used.");

    public static final ConfigOption<Boolean> PAGERDUTY_TRIAGE =
            ConfigOptions.key("pagerduty-triage")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Also send low-urgency triage alerts (recurring unknown failures) to PagerDuty.");

    public static final ConfigOption<Duration> DELIVERY_TIMEOUT =
            ConfigOptions.key("alert-delivery-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription(
                            "How long one alert may be retried before it becomes a dead letter.");

    public static final ConfigOption<Integer> DELIVERY_ATTEMPTS =
            ConfigOptions.key("alert-delivery-attempts")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Attempts per alert (retries on 429, 5xx and connection errors; never on 400).");

    public static final ConfigOption<Duration> ATTEMPT_TIMEOUT =
            ConfigOptions.key("alert-attempt-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Deadline of one delivery attempt: connecting, sending and reading the whole answer "
                                    + "(of which at most 64 KiB is read).");

    /** Every flag of the receivers. */
    public static final Set<ConfigOption<?>> ALL =
            Set.of(
                    ALERTMANAGER_URL,
                    ALERTMANAGER_RESEND,
                    PAGERDUTY_URL,
                    PAGERDUTY_ROUTING_KEY,
                    PAGERDUTY_TRIAGE,
                    PAGERDUTY_ALLOW_HTTP,
                    DELIVERY_TIMEOUT,
                    DELIVERY_ATTEMPTS,
                    ATTEMPT_TIMEOUT);

    private AlertReceiverOptions() {}

    /** The routing key from the flag, else from the environment; null when PagerDuty is off. */
    public static String routingKey(ReadableConfig conf) {
        String key =
                conf.getOptional(PAGERDUTY_ROUTING_KEY)
                        .orElse(System.getenv(PagerDutyReceiver.ROUTING_KEY_ENV));
        return key == null || key.isBlank() ? null : key.trim();
    }
}
