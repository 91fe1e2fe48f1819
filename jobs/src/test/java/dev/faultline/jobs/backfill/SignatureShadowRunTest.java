package dev.faultline.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison of two backfills, fed directly. */
class SignatureShadowRunTest {
    private static SignatureShadowRun.BuildResult build(
            String outcome, String signature, String category, String... hits) {
        BuildVerdict v = new BuildVerdict();
        v.outcome = outcome;
        v.signature = signature;
        v.category = category;
        v.fault = signature == null ? (category == null ? null : "unknown") : "user";
        SignatureShadowRun.BuildResult r = new SignatureShadowRun.BuildResult(v);
        r.hits.addAll(List.of(hits));
        return r;
    }

    @Test
    void aCandidateUnderTheSuccessShareLimitPasses() {
        Map<String, SignatureShadowRun.BuildResult> base = new HashMap<>();
        Map<String, SignatureShadowRun.BuildResult> cand = new HashMap<>();
        base.put("f1", build("failure", null, "unknown"));
        cand.put("f1", build("failure", "x.new", "build_command", "x.new"));
        base.put("f2", build("failure", "y.old", "build_command", "y.old"));
        cand.put("f2", build("failure", "y.old", "build_command", "y.old", "x.new"));
        for (int i = 0; i < 100; i++) {
            base.put("s" + i, build("success", null, null));
            cand.put(
                    "s" + i,
                    i == 0 ? build("success", null, null, "x.new") : build("success", null, null));
        }
        Map<String, String> status = new LinkedHashMap<>();
        status.put("x.new", "new");
        SignatureShadowRun.Result at1 =
                SignatureShadowRun.compare(
                        "a", "base", "cand", status, List.of(), base, cand, 0.01);
        assertThat(at1.passed).as(at1.report).isTrue();
        assertThat(at1.report)
                .contains("hits in failed builds:      2   e.g. f1, f2")
                .contains("hits in successful builds:  1 of 100 (1.0%)   e.g. s0")
                .contains("verdicts that would change: 1")
                .contains("f1: no signature (unknown) -> x.new (build_command, user)")
                .contains("builds whose verdict would change: 1 of 102")
                .contains("OK:");

        SignatureShadowRun.Result strict =
                SignatureShadowRun.compare("a", "base", "cand", status, List.of(), base, cand, 0.0);
        assertThat(strict.passed).isFalse();
        assertThat(strict.report).contains("SUSPECT").contains("FAILED");
    }

    @Test
    void noChangedSignaturesIsAPass() {
        Map<String, SignatureShadowRun.BuildResult> same =
                Map.of("b", build("success", null, null));
        SignatureShadowRun.Result r =
                SignatureShadowRun.compare(
                        "a", "base", "cand", Map.of(), List.of("z.gone"), same, same, 0.01);
        assertThat(r.passed).isTrue();
        assertThat(r.report).contains("no new or changed signatures").contains("removed: z.gone");
    }
}
