package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The names the verdict operator registers are the ones the Grafana dashboard and the Prometheus
 * rules query (deploy/): {@code key_value_..._name} as Flink's Prometheus reporter joins them.
 */
class VerdictMetricsTest {
    /** Records each counter under its path of user groups, as the Prometheus reporter names it. */
    static final class Recording extends UnregisteredMetricsGroup {
        final Map<String, Counter> counters;
        final List<String> path;

        Recording(Map<String, Counter> counters, List<String> path) {
            this.counters = counters;
            this.path = path;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            List<String> p = new ArrayList<>(path);
            p.add(key + "=" + value);
            return new Recording(counters, p);
        }

        @Override
        public Counter counter(String name) {
            Counter c = new SimpleCounter();
            counters.put(String.join(",", path) + (path.isEmpty() ? "" : " ") + name, c);
            return c;
        }
    }

    @Test
    void countsFailuresByCategoryFaultAndSignature() {
        Map<String, Counter> counters = new TreeMap<>();
        VerdictMetrics metrics = new VerdictMetrics(new Recording(counters, List.of()));

        metrics.verdict(verdict("failure", "clone", "platform", "git.could-not-resolve-host"), 0);
        metrics.verdict(verdict("failure", "clone", "platform", "git.could-not-resolve-host"), 0);
        metrics.verdict(verdict("failure", "unknown", "unknown", null), 0);
        metrics.verdict(verdict("success", null, null, "npm.deprecated"), 0);

        assertThat(counters.get("outcome=failure verdicts").getCount()).isEqualTo(3);
        assertThat(counters.get("outcome=success verdicts").getCount()).isEqualTo(1);
        assertThat(counters.get("category=clone,fault=platform failures").getCount()).isEqualTo(2);
        assertThat(counters.get("signature=git.could-not-resolve-host failures").getCount())
                .isEqualTo(2);
        // Only failures count by signature: a signature on a build that succeeded is no failure.
        assertThat(counters).doesNotContainKey("signature=npm.deprecated failures");
    }

    private static BuildVerdict verdict(
            String outcome, String category, String fault, String signature) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b";
        v.outcome = outcome;
        v.category = category;
        v.fault = fault;
        v.signature = signature;
        return v;
    }
}
