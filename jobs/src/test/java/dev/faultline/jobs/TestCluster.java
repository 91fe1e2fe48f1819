package dev.faultline.jobs;

import dev.faultline.jobs.assembly.JobEnvironment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster every job test runs on: one task manager, two slots, the jobs' own base
 * configuration.
 */
public final class TestCluster {
    private TestCluster() {}

    public static MiniClusterExtension create() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(JobEnvironment.baseConfiguration())
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
