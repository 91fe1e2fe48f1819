package dev.faultline.operators.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.FlinkTestCluster;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole graph (tagging, CEP, per-build RocksDB state) over two interleaved builds on a
 * MiniCluster.
 */
class FaultlineGraphITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);

    /** Lines of two builds, interleaved; event time is the position in the combined stream. */
    private static final String[][] BUILD_A = {
        {"Initializing build environment..."},
        {"Cloning repository..."},
        {"Installing project dependencies: npm clean-install"},
        {"added 120 packages in 3s"},
        {"Executing user build command: npm run build"},
        {"vite v5.4.2 building for production..."},
        {"transforming..."},
        {"\u001b[31m✘ [ERROR]\u001b[0m Could not resolve \"./App\""},
        {"error during build:"},
        {"Failed: build command exited with code: 1"},
    };

    private static final String[][] BUILD_B = {
        {"Initializing build environment..."},
        {"Cloning repository..."},
        {"Executing user build command: npm run build"},
        {"vite v5.4.2 building for production..."},
        {"✓ 42 modules transformed."},
        {"Success: Build command completed"},
    };

    /** Monotonic over the interleaved stream: a1=10, b1=11, a2=20, b2=21, ... */
    static long eventTime(String buildId, long seq) {
        return seq * 10 + (buildId.equals("build-a") ? 0 : 1);
    }

    @Test
    void twoInterleavedBuildsGetOneVerdictEach() throws Exception {
        List<LogLine> lines = new ArrayList<>();
        int a = 0;
        int b = 0;
        while (a < BUILD_A.length || b < BUILD_B.length) {
            if (a < BUILD_A.length) {
                lines.add(
                        new LogLine(
                                "build-a",
                                a + 1,
                                "2024-05-01T10:00:" + String.format("%02d", a) + "Z",
                                BUILD_A[a][0]));
                a++;
            }
            if (b < BUILD_B.length) {
                lines.add(new LogLine("build-b", b + 1, null, BUILD_B[b][0]));
                b++;
            }
        }
        // ends in timestamp order: build-b's log is shorter
        List<LogEnd> ends =
                List.of(
                        new LogEnd("build-b", BUILD_B.length, null),
                        new LogEnd("build-a", BUILD_A.length, null));

        BuildEvent started = new BuildEvent();
        started.type = BuildEvent.SUCCEEDED;
        started.source = new BuildEvent.Source();
        started.source.workerName = "worker-b";
        started.payload = new BuildEvent.Payload();
        started.payload.buildUuid = "build-b";
        started.payload.buildOutcome = "success";

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkTestCluster.configuration());
        // Parallelism 1: fromData runs at 1, and at 2 the tag-lines operator would be fed
        // round-robin, losing per-build line order (see
        // BuildVerdictFunctionHarnessTest.outOfOrderLines...).
        env.setParallelism(1);

        DataStream<LogLine> lineStream =
                env.fromData(lines, RecordTypes.LOG_LINE)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<LogLine>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (l, ts) -> eventTime(l.buildId, l.seq)));
        DataStream<BuildEvent> events =
                env.fromData(List.of(started), RecordTypes.BUILD_EVENT)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<BuildEvent>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, ts) -> 3L));
        DataStream<LogEnd> logEnds =
                env.fromData(ends, TypeInformation.of(LogEnd.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<LogEnd>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (e, ts) -> eventTime(e.buildId, e.lines)));

        FaultlineGraph.Outputs outputs =
                FaultlineGraph.build(
                        lineStream,
                        events,
                        logEnds,
                        CATALOG,
                        TestCatalogs.RANKER,
                        GraphOptions.backfill());
        List<BuildVerdict> verdicts = outputs.verdicts.executeAndCollect(10);

        Map<String, List<BuildVerdict>> byBuild =
                verdicts.stream().collect(Collectors.groupingBy(v -> v.buildId));
        assertThat(byBuild).containsOnlyKeys("build-a", "build-b");
        assertThat(byBuild.get("build-a")).hasSize(1);
        assertThat(byBuild.get("build-b")).hasSize(1);

        BuildVerdict va = byBuild.get("build-a").get(0);
        assertThat(va.outcome).isEqualTo(BuildVerdict.FAILURE);
        assertThat(va.signature)
                .as("the CEP sequence explains the failure")
                .isEqualTo("vite-resolve");
        assertThat(va.category).isEqualTo("build_command");
        assertThat(va.stage).isEqualTo("build");
        assertThat(va.fault).isEqualTo("user");
        // The log end travels on its own source, so it may reach the verdict operator before the
        // end-of-job line; the label then depends on arrival order (see
        // BuildVerdictFunctionHarnessTest .logEndBeforeTheEndOfJobLineIsStillDecidedByLog). The
        // outcome does not.
        assertThat(va.decidedBy).isIn("log", "end-of-input");
        assertThat(va.lines).isEqualTo(BUILD_A.length);
        assertThat(va.evidence[0].line).isEqualTo(8);
        assertThat(va.evidence[0].text).isEqualTo("✘ [ERROR] Could not resolve \"./App\"");
        assertThat(va.evidence).extracting(e -> e.line).contains(6L);
        assertThat(va.firstTimestamp).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(va.lastTimestamp).isEqualTo("2024-05-01T10:00:09Z");

        BuildVerdict vb = byBuild.get("build-b").get(0);
        assertThat(vb.outcome).isEqualTo(BuildVerdict.SUCCESS);
        assertThat(vb.category).isNull();
        assertThat(vb.fault).isNull();
        assertThat(vb.lines).isEqualTo(BUILD_B.length);
        assertThat(vb.workerName).isEqualTo("worker-b");
    }
}
