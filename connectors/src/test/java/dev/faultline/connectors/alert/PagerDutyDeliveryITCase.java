package dev.faultline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.FlinkTestCluster;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PagerDuty sink on a MiniCluster against a strict local Events v2 receiver: request format,
 * retries with backoff on 429 and 5xx, none on 400, and failures as dead letters (never silent).
 */
class PagerDutyDeliveryITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private StrictPagerDuty pagerDuty;

    @BeforeEach
    void start() throws Exception {
        pagerDuty = new StrictPagerDuty();
    }

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    static Alert alert(String status, int revision) {
        Alert a = new Alert();
        a.dedupKey = "faultline/platform-failure-spike/clone/git.could-not-resolve-host";
        a.status = status;
        a.kind = Alert.PLATFORM_SPIKE;
        a.severity = "critical";
        a.urgency = "high";
        a.summary =
                "Platform clone failures: 20 of 120 builds (16.7%) in 5m failed with git.could-not-resolve-host";
        a.category = "clone";
        a.signature = "git.could-not-resolve-host";
        a.advice = "Retry the build: the build machine could not resolve the git host's name.";
        a.docs = "https://git-scm.com/docs/git-clone";
        a.stage = "clone";
        a.fault = "platform";
        a.failures = 20;
        a.builds = 120;
        a.share = 20 / 120.0;
        a.peakFailures = 20;
        a.windowStart = "2025-06-18T12:35:00Z";
        a.windowEnd = "2025-06-18T12:40:00Z";
        a.firstSeen = "2025-06-18T12:35:12Z";
        a.lastSeen = "2025-06-18T12:39:50Z";
        a.startsAt = "2025-06-18T12:40:00Z";
        a.endsAt = Alert.RESOLVED.equals(status) ? "2025-06-18T12:55:00Z" : null;
        a.revision = revision;
        AlertExample e = new AlertExample();
        e.buildId = "b-1";
        e.endedAt = a.lastSeen;
        e.summary = "git: could not resolve the git host (DNS)";
        e.evidence =
                new Evidence[] {
                    new Evidence(
                            4,
                            "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com")
                };
        a.examples = new AlertExample[] {e};
        return a;
    }

    private List<DeadLetter> deliver(List<Alert> alerts, int attempts, String timeout)
            throws Exception {
        return deliver(
                alerts,
                attempts,
                timeout,
                AlertReceiverOptions.ATTEMPT_TIMEOUT.defaultValue().toMillis() + "ms");
    }

    private List<DeadLetter> deliver(
            List<Alert> alerts, int attempts, String timeout, String attemptTimeout)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Configuration conf = new Configuration();
        conf.setString(AlertReceiverOptions.PAGERDUTY_URL.key(), pagerDuty.url());
        conf.setString(
                AlertReceiverOptions.PAGERDUTY_ROUTING_KEY.key(), StrictPagerDuty.ROUTING_KEY);
        conf.setString(AlertReceiverOptions.DELIVERY_ATTEMPTS.key(), Integer.toString(attempts));
        conf.setString(AlertReceiverOptions.DELIVERY_TIMEOUT.key(), timeout);
        conf.setString(AlertReceiverOptions.ATTEMPT_TIMEOUT.key(), attemptTimeout);
        // the local receiver speaks plain HTTP
        conf.setString(AlertReceiverOptions.PAGERDUTY_ALLOW_HTTP.key(), "true");
        DataStream<Alert> in = env.fromData(RecordTypes.ALERT, alerts.toArray(new Alert[0]));
        DataStream<DeadLetter> dead = AlertSinks.attach(in, AlertSinks.receivers(conf), conf);
        return dead.executeAndCollect(100);
    }

    @Test
    void triggerAndResolveAreValidEventsV2Requests() throws Exception {
        List<DeadLetter> dead =
                deliver(List.of(alert(Alert.FIRING, 1), alert(Alert.RESOLVED, 2)), 6, "1min");
        assertThat(dead).isEmpty();
        assertThat(pagerDuty.problems()).isEmpty();
        List<StrictPagerDuty.Received> got = pagerDuty.valid();
        assertThat(got)
                .extracting(StrictPagerDuty.Received::action)
                .containsExactly("trigger", "resolve");
        StrictPagerDuty.Received trigger = got.get(0);
        assertThat(trigger.body.path("dedup_key").asText())
                .isEqualTo(got.get(1).body.path("dedup_key").asText());
        assertThat(trigger.body.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.body.at("/payload/source").asText()).isEqualTo("faultline");
        assertThat(trigger.body.at("/payload/custom_details/failures").asInt()).isEqualTo(20);
        assertThat(trigger.body.at("/payload/custom_details/advice").asText())
                .startsWith("Retry the build");
        assertThat(trigger.body.at("/payload/custom_details/docs").asText())
                .isEqualTo("https://git-scm.com/docs/git-clone");
        assertThat(trigger.body.at("/payload/custom_details/examples/0/evidence/0/text").asText())
                .contains("Could not resolve host");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedUntilAccepted() throws Exception {
        pagerDuty.answerNext(429, 500, 503);
        List<DeadLetter> dead = deliver(List.of(alert(Alert.FIRING, 1)), 6, "1min");
        assertThat(dead).isEmpty();
        assertThat(pagerDuty.received)
                .extracting(r -> r.answered)
                .containsExactly(429, 500, 503, 202);
        assertThat(pagerDuty.problems()).isEmpty();
    }

    @Test
    void aRejectedEventIsNotRetriedAndBecomesADeadLetter() throws Exception {
        pagerDuty.answerNext(400);
        List<DeadLetter> dead = deliver(List.of(alert(Alert.FIRING, 1)), 6, "1min");
        assertThat(pagerDuty.received).hasSize(1);
        assertThat(dead).hasSize(1);
        DeadLetter d = dead.get(0);
        assertThat(d.reason).isEqualTo("alert-rejected");
        assertThat(d.source).isEqualTo("pagerduty");
        assertThat(d.position)
                .isEqualTo("faultline/platform-failure-spike/clone/git.could-not-resolve-host#1");
        String original =
                new String(Base64.getDecoder().decode(d.originalBase64), StandardCharsets.UTF_8);
        assertThat(original).contains("\"dedupKey\"").doesNotContain(StrictPagerDuty.ROUTING_KEY);
        assertThat(d.detail).contains("HTTP 400").doesNotContain(StrictPagerDuty.ROUTING_KEY);
    }

    @Test
    void aReceiverThatQuotesTheRequestCannotPutTheRoutingKeyInADeadLetter() throws Exception {
        pagerDuty.echoRequests = true;
        pagerDuty.answerNext(400);
        List<DeadLetter> dead = deliver(List.of(alert(Alert.FIRING, 1)), 6, "1min");
        assertThat(pagerDuty.received).hasSize(1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).detail)
                .contains("HTTP 400")
                .contains("routing_key")
                .doesNotContain(StrictPagerDuty.ROUTING_KEY);
    }

    @Test
    void anOutageEndsInADeadLetterWithinTheBound() throws Exception {
        pagerDuty.answerNext(500, 500, 500, 500, 500, 500);
        long start = System.nanoTime();
        List<DeadLetter> dead = deliver(List.of(alert(Alert.FIRING, 1)), 3, "20s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(pagerDuty.received).hasSize(3);
        assertThat(dead).extracting(d -> d.reason).containsExactly("alert-undeliverable");
        assertThat(dead.get(0).detail).contains("gave up after 3 attempts");
        assertThat(seconds).isLessThan(20);
    }

    @Test
    void aBodyThatNeverEndsCostsOneAttemptAndHoldsNoLaterRecord() throws Exception {
        // the trigger's answers send their headers, then a byte every 100 ms forever; the
        // resolve behind it (same alert, so it waits for the trigger) gets a whole answer
        pagerDuty.answerNext(500, 500);
        pagerDuty.bodiesNext(StrictPagerDuty.Body.TRICKLE, StrictPagerDuty.Body.TRICKLE);
        long start = System.nanoTime();
        List<DeadLetter> dead =
                deliver(List.of(alert(Alert.FIRING, 1), alert(Alert.RESOLVED, 2)), 2, "1min", "1s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(pagerDuty.received).extracting(r -> r.answered).containsExactly(500, 500, 202);
        assertThat(pagerDuty.valid())
                .extracting(StrictPagerDuty.Received::action)
                .containsExactly("trigger", "trigger", "resolve");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason).isEqualTo("alert-undeliverable");
        assertThat(dead.get(0).position).endsWith("#1");
        assertThat(dead.get(0).detail)
                .contains("gave up after 2 attempts")
                .contains("no complete answer within 1000 ms");
        // two 1 s attempts and a 0.5 s backoff, plus the job's start; never the minute-long
        // delivery timeout
        assertThat(seconds).isLessThan(30);
    }

    @Test
    void anEndlessBodyIsReadOnlyToItsBound() throws Exception {
        // 400 and then bytes without end, as fast as they are taken: with the body read whole this
        // attempt could only end at its deadline; bounded, it ends as the HTTP 400 it is
        pagerDuty.answerNext(400);
        pagerDuty.bodiesNext(StrictPagerDuty.Body.ENDLESS);
        List<DeadLetter> dead = deliver(List.of(alert(Alert.FIRING, 1)), 6, "1min", "1min");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason).isEqualTo("alert-rejected");
        assertThat(dead.get(0).detail)
                .contains("after 1 attempt(s): rejected: HTTP 400")
                .doesNotContain("no complete answer");
        assertThat(dead.get(0).detail.length()).isLessThan(AlertDelivery.DETAIL_CHARS + 200);
    }

    @Test
    void lowUrgencyTriageAlertsDoNotPage() throws Exception {
        Alert triage = alert(Alert.FIRING, 1);
        triage.kind = Alert.UNKNOWN_RECURRING;
        triage.urgency = "low";
        triage.severity = "info";
        List<DeadLetter> dead = deliver(List.of(triage), 6, "1min");
        assertThat(dead).isEmpty();
        assertThat(pagerDuty.received).isEmpty();
    }

    @Test
    void theRoutingKeyNeverShowsInTheReceiversDescription() {
        PagerDutyReceiver r =
                new PagerDutyReceiver(pagerDuty.url(), StrictPagerDuty.ROUTING_KEY, false, true);
        assertThat(r.toString()).doesNotContain(StrictPagerDuty.ROUTING_KEY);
        assertThat(
                        List.of(AlertSinks.receivers(new Configuration())).stream()
                                .collect(Collectors.toList())
                                .get(0))
                .isEmpty();
    }
}
