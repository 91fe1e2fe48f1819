package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slimmed verdict counts toward the same alert kinds, at the same time, as the whole one. */
class AlertInputsTest {
    private static BuildVerdict verdict(String outcome, String category, String fault) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-" + outcome + "-" + category + "-" + fault;
        v.outcome = outcome;
        v.category = category;
        v.fault = fault;
        v.stage = "build";
        v.signature = "sig";
        v.summary = "summary";
        v.firstTimestamp = "2025-05-29T13:00:00.000Z";
        v.lastTimestamp = "2025-05-29T13:04:00.000Z";
        Evidence e = new Evidence();
        e.line = 7;
        e.text = "Error: something broke at 0x1f";
        v.evidence = new Evidence[] {e};
        return v;
    }

    @Test
    void slimmingChangesNoAlertKindAndNoEndTime() {
        List<BuildVerdict> verdicts =
                List.of(
                        verdict(BuildVerdict.SUCCESS, null, null),
                        verdict(BuildVerdict.CANCELED, null, null),
                        verdict(BuildVerdict.FAILURE, "build_command", "user"),
                        verdict(BuildVerdict.FAILURE, "internal", "platform"),
                        verdict(BuildVerdict.FAILURE, "unknown", "unknown"),
                        verdict(BuildVerdict.UNKNOWN, "unknown", null));
        for (BuildVerdict v : verdicts) {
            BuildVerdict slim = AlertInputs.slim(v);
            for (AlertFamily family : AlertFamily.values()) {
                assertThat(AlertKind.of(slim, family))
                        .as(v.buildId + " " + family)
                        .extracting(
                                k -> k.key + "|" + k.pattern + "|" + k.stage + "|" + k.signature)
                        .containsExactlyElementsOf(
                                AlertKind.of(v, family).stream()
                                        .map(
                                                k ->
                                                        k.key
                                                                + "|"
                                                                + k.pattern
                                                                + "|"
                                                                + k.stage
                                                                + "|"
                                                                + k.signature)
                                        .toList());
            }
            assertThat(AlertRecords.endTime(slim, 5L)).isEqualTo(AlertRecords.endTime(v, 5L));
        }
        // Only what counts keeps its evidence.
        assertThat(AlertInputs.slim(verdicts.get(2)).evidence).isNull();
        assertThat(AlertInputs.slim(verdicts.get(3))).isSameAs(verdicts.get(3));
        assertThat(AlertInputs.slim(verdicts.get(4))).isSameAs(verdicts.get(4));
    }
}
