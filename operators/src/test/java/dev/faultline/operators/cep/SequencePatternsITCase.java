package dev.faultline.operators.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.FlinkTestCluster;
import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.SequenceRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.schemas.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs catalog sequences through Flink CEP on a MiniCluster (event time = line number). */
class SequencePatternsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

    private static final SignatureCatalog CATALOG =
            TestCatalogs.parse(
                    String.join(
                            "\n",
                            "version: 1",
                            "sequences:",
                            "  - id: oom",
                            "    category: build_command",
                            "    fault: user",
                            "    severity: critical",
                            "    summary: the build ran out of memory",
                            "    evidence: first",
                            "    steps:",
                            "      - literal: heap limit",
                            "        regex: 'Reached heap limit'",
                            "      - literal: out of memory",
                            "        maxLines: 3",
                            "    notFollowedBy:",
                            "      literal: recovered",
                            ""));
    private static final SequenceRule OOM = CATALOG.sequence("oom");
    private static final String STEP1 =
            "<--- Last few GCs ---> Reached heap limit Allocation failed";
    private static final String STEP2 = "FATAL ERROR: JavaScript heap out of memory";

    private static final TypeInformation<TaggedLine> TAGGED = TypeInformation.of(TaggedLine.class);
    private static final TypeInformation<SequenceMatch> MATCH =
            TypeInformation.of(SequenceMatch.class);

    private final LineTagger tagger = new LineTagger(CATALOG);
    private final List<TaggedLine> input = new ArrayList<>();

    private void line(String build, long seq, String text) {
        TaggedLine t = tagger.tag(new LogLine(build, seq, null, text));
        if (t.hasSteps()) { // as FaultlineGraph does: only step lines reach CEP
            input.add(t);
        }
    }

    private Map<String, List<SequenceMatch>> run() throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkTestCluster.configuration());
        env.setParallelism(1);
        DataStream<TaggedLine> lines =
                env.fromData(input, TAGGED)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<TaggedLine>forMonotonousTimestamps()
                                        .withTimestampAssigner((t, ts) -> t.seq));
        Pattern<TaggedLine, TaggedLine> pattern = SequencePatterns.create(OOM);
        List<SequenceMatch> out =
                CEP.pattern(lines.keyBy(t -> t.buildId), pattern)
                        .process(new SequenceMatchFunction(OOM), MATCH)
                        .executeAndCollect(100);
        return out.stream().collect(Collectors.groupingBy(m -> m.buildId));
    }

    @Test
    void stepNamesAreStable() {
        assertThat(SequencePatterns.stepName(0)).isEqualTo("step1");
        assertThat(SequencePatterns.key(OOM.steps[1])).isEqualTo("oom#2");
        assertThat(SequencePatterns.create(OOM).getWindowSize())
                .contains(Duration.ofSeconds(OOM.withinSeconds));
    }

    @Test
    void matchesWithinMaxLinesOnlyAndNotFollowedByCancels() throws Exception {
        // near: step 2 three lines after step 1 (= maxLines) -> match
        line("near", 1, "Executing user build command");
        line("near", 10, STEP1);
        line("near", 11, "    at node:internal");
        line("near", 13, STEP2);

        // far: step 2 four lines after step 1 (> maxLines) -> no match
        line("far", 10, STEP1);
        line("far", 14, STEP2);

        // far-then-near: the first pair is too far apart, a later pair matches
        line("far-then-near", 1, STEP1);
        line("far-then-near", 20, STEP2);
        line("far-then-near", 30, STEP1);
        line("far-then-near", 31, STEP2);

        // cancelled: a "not" line between the steps suppresses the match
        line("cancelled", 1, STEP1);
        line("cancelled", 2, "GC recovered 300 MB, continuing");
        line("cancelled", 3, STEP2);

        // reversed: step 2 before step 1 is no match
        line("reversed", 1, STEP2);
        line("reversed", 2, STEP1);

        Map<String, List<SequenceMatch>> matches = run();

        assertThat(matches).containsOnlyKeys("near", "far-then-near");
        SequenceMatch near = matches.get("near").get(0);
        assertThat(matches.get("near")).hasSize(1);
        assertThat(near.sequenceId).isEqualTo("oom");
        assertThat(near.summary).isEqualTo("the build ran out of memory");
        assertThat(near.lines).containsExactly(10L, 13L);
        assertThat(near.texts).containsExactly(STEP1, STEP2);
        assertThat(near.evidenceIndex).isZero();

        assertThat(matches.get("far-then-near")).hasSize(1);
        assertThat(matches.get("far-then-near").get(0).lines).containsExactly(30L, 31L);
    }
}
