package dev.faultline.jobs.assembly;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The execution environment every job uses: RocksDB state, streaming runtime, no Kryo fallback. */
public final class JobEnvironment {
    private JobEnvironment() {}

    /** Settings the graph relies on; a cluster's own config supplies the rest. */
    public static Configuration baseConfiguration() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Every new build's first signal looks up state that is not there (and the one-bit
        // "decided" tombstone): without bloom filters each miss reads every RocksDB level, and a
        // backfill of 1M builds spent most of its verdict operator there (1M builds: 219 -> 173 s
        // with the filters).
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // The graph decides verdicts on watermarks, also for bounded input: always streaming
        // runtime.
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // Every record type is a POJO; fail loudly if one ever falls back to Kryo.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Functions never keep or modify a record after emitting it, so chained operators may pass
        // records by reference instead of copying each one through its serializer.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return conf;
    }

    /**
     * The environment for {@code conf}: the embedded MiniCluster under {@code java -jar}, the
     * cluster's when submitted with {@code flink run}.
     */
    public static StreamExecutionEnvironment create(Configuration conf, int parallelism) {
        Configuration merged = baseConfiguration();
        // Under java -jar, a Flink config file can tune the embedded cluster (RocksDB options,
        // memory) the same way a cluster's config.yaml does.
        String confDir = System.getenv("FLINK_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            merged.addAll(GlobalConfiguration.loadConfiguration(confDir));
        }
        merged.addAll(conf);
        // Only used by the embedded MiniCluster: enough managed memory (RocksDB's block cache and
        // write buffers) that the state of every build in an archive stays cached. Build events are
        // read first, so a backfill holds state for all its builds at once; with 256 MB a 1M-build
        // backfill spent most of its verdict operator reading and decompressing blocks (1M builds:
        // 175 -> 152 s with 1 GB).
        if (!merged.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            merged.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1024));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(merged);
        env.setParallelism(parallelism);
        return env;
    }
}
