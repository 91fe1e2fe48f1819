package dev.faultline.bench.detect;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for benchmarks that keeps the {@code numRecordsOut} counters of the {@code
 * build-logs} source operator (one per subtask), so that the benchmark can read how many lines the
 * job has taken in at any moment. Enabled only by {@link #enable(Configuration)}; otherwise the
 * factory is merely loaded (it is registered as a service in the test classpath).
 */
public final class SourceCounters implements MetricReporterFactory {
    static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

    /** The job's {@code lastCheckpointDuration} and {@code numberOfCompletedCheckpoints}. */
    static final Map<String, Gauge<?>> CHECKPOINTS = new ConcurrentHashMap<>();

    static void enable(Configuration conf) {
        COUNTERS.clear();
        CHECKPOINTS.clear();
        conf.setString("metrics.reporters", "benchsource");
        conf.setString(
                "metrics.reporter.benchsource.factory.class", SourceCounters.class.getName());
    }

    /** Records emitted by the {@code build-logs} source so far, over all subtasks. */
    static long lines() {
        long sum = 0;
        for (Counter c : COUNTERS.values()) {
            sum += c.getCount();
        }
        return sum;
    }

    /**
     * How often the job has restarted so far: a restart replays input and resets the source's
     * counters, so a run with any is no measure of throughput.
     */
    static long restarts() {
        Gauge<?> restarts = CHECKPOINTS.get("numRestarts");
        return restarts == null ? 0 : ((Number) restarts.getValue()).longValue();
    }

    /** The last completed checkpoint's duration in ms and how many completed; null: not yet. */
    static long[] lastCheckpoint() {
        Gauge<?> duration = CHECKPOINTS.get("lastCheckpointDuration");
        Gauge<?> completed = CHECKPOINTS.get("numberOfCompletedCheckpoints");
        if (duration == null || completed == null) {
            return null;
        }
        return new long[] {
            ((Number) completed.getValue()).longValue(), ((Number) duration.getValue()).longValue()
        };
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new MetricReporter() {
            @Override
            public void open(MetricConfig config) {}

            @Override
            public void close() {}

            @Override
            public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                if (metric instanceof Gauge
                        && ("lastCheckpointDuration".equals(name)
                                || "numberOfCompletedCheckpoints".equals(name)
                                || "numRestarts".equals(name))) {
                    CHECKPOINTS.put(name, (Gauge<?>) metric);
                }
                if (metric instanceof Counter && "numRecordsOut".equals(name)) {
                    String operator = group.getAllVariables().get("<operator_name>");
                    if (operator != null
                            && operator.startsWith("Source")
                            && operator.contains("build-logs")) {
                        COUNTERS.put(group.getMetricIdentifier(name), (Counter) metric);
                    }
                }
            }

            @Override
            public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
        };
    }
}
