package dev.faultline.operators.verdict;

import dev.faultline.schemas.BuildVerdict;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The verdict operator's metrics: verdicts by outcome, failures by category and fault and by
 * signature, signals that came after their build's verdict, candidate lines the ranker could not
 * score, and the builds open in state.
 */
final class VerdictMetrics {
    private final MetricGroup group;
    private final Map<String, Counter> byOutcome = new HashMap<>();

    /** Failed verdicts by category and fault, registered when first seen. */
    private final Map<String, Counter> failures = new HashMap<>();

    /**
     * Failed verdicts by signature (the dashboard's top signatures), registered when first seen.
     * Signatures are catalog IDs, so the label has as many values as the catalog has signatures.
     */
    private final Map<String, Counter> bySignature = new HashMap<>();

    private final Counter lateSignals;
    private final Counter rankerFailures;
    private long rankerFailuresSeen;

    /**
     * Builds with open state in this subtask. Kept in operator state by the function, so the gauge
     * is right after a restore; after rescaling the per-subtask values shift but their sum holds.
     */
    long openBuilds;

    VerdictMetrics(MetricGroup group) {
        this.group = group;
        for (String outcome : new String[] {"success", "failure", "canceled", "unknown"}) {
            byOutcome.put(outcome, group.addGroup("outcome", outcome).counter("verdicts"));
        }
        lateSignals = group.counter("signalsAfterVerdict");
        rankerFailures = group.counter("rankerFailures");
        group.gauge("openBuilds", (Gauge<Long>) () -> openBuilds);
    }

    void lateSignal() {
        lateSignals.inc();
    }

    /** Counts a verdict, and the ranker failures its classifier has seen so far (cumulative). */
    void verdict(BuildVerdict v, long rankerFailuresSoFar) {
        Counter counter = byOutcome.get(v.outcome);
        if (counter != null) {
            counter.inc();
        }
        if (BuildVerdict.FAILURE.equals(v.outcome)) {
            String category = v.category == null ? "none" : v.category;
            String fault = v.fault == null ? "none" : v.fault;
            failures.computeIfAbsent(
                            category + "/" + fault,
                            k ->
                                    group.addGroup("category", category)
                                            .addGroup("fault", fault)
                                            .counter("failures"))
                    .inc();
            if (v.signature != null) {
                bySignature
                        .computeIfAbsent(
                                v.signature,
                                sig -> group.addGroup("signature", sig).counter("failures"))
                        .inc();
            }
        }
        rankerFailures.inc(rankerFailuresSoFar - rankerFailuresSeen);
        rankerFailuresSeen = rankerFailuresSoFar;
    }
}
