package dev.faultline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** PagerDuty's URL: https only, unless a local test receiver is allowed plain http. */
class PagerDutyReceiverTest {
    private static final String KEY = StrictPagerDuty.ROUTING_KEY;

    @Test
    void httpsIsAccepted() {
        PagerDutyReceiver r =
                new PagerDutyReceiver("https://events.pagerduty.com/v2/enqueue", KEY, false, false);
        assertThat(r.toString()).contains("https://events.pagerduty.com").doesNotContain(KEY);
    }

    @Test
    void httpIsRefusedByDefaultAndSaysWhichFlagAllowsIt() {
        assertThatThrownBy(
                        () ->
                                new PagerDutyReceiver(
                                        "http://events.pagerduty.com/v2/enqueue",
                                        KEY,
                                        false,
                                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be https://")
                .hasMessageContaining("--pagerduty-allow-http true");
        assertThat(new PagerDutyReceiver("http://127.0.0.1:8080/v2/enqueue", KEY, false, true))
                .isNotNull();
    }

    @Test
    void otherSchemesAndNonUrlsAreRefusedEvenWithHttpAllowed() {
        for (String url :
                new String[] {
                    "ftp://host/x", "events.pagerduty.com/v2/enqueue", "https://", "::"
                }) {
            assertThatThrownBy(() -> new PagerDutyReceiver(url, KEY, false, true))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theRefusalNeverQuotesTheUrlWhichMayHoldCredentials() {
        assertThatThrownBy(
                        () ->
                                new PagerDutyReceiver(
                                        "http://user:s3cretPassw0rd@proxy/v2/enqueue",
                                        KEY,
                                        false,
                                        false))
                .hasMessageNotContaining("s3cretPassw0rd")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void theFlagsDecide() {
        Configuration conf = new Configuration();
        conf.setString(AlertReceiverOptions.PAGERDUTY_ROUTING_KEY.key(), KEY);
        conf.setString(AlertReceiverOptions.PAGERDUTY_URL.key(), "http://127.0.0.1:1/v2/enqueue");
        assertThatThrownBy(() -> AlertSinks.receivers(conf))
                .isInstanceOf(IllegalArgumentException.class);
        conf.setString(AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP.key(), "true");
        List<AlertReceiver> receivers = AlertSinks.receivers(conf);
        assertThat(receivers).hasSize(1);
        // the default URL needs no flag
        Configuration defaults = new Configuration();
        defaults.setString(AlertReceiverOptions.PAGERDUTY_ROUTING_KEY.key(), KEY);
        assertThat(AlertSinks.receivers(defaults)).hasSize(1);
    }
}
