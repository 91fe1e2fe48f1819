package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import org.junit.jupiter.api.Test;

class AlertKindTest {
    private static AlertKind unknown(String line) {
        BuildVerdict v = new BuildVerdict();
        v.outcome = BuildVerdict.FAILURE;
        v.category = "unknown";
        v.fault = "unknown";
        v.stage = "deploy";
        v.evidence = new Evidence[] {new Evidence(12, line)};
        return AlertKind.of(v, AlertFamily.UNKNOWN).get(0);
    }

    @Test
    void theUnknownFailurePatternCarriesNoPieceOfASecret() {
        // the masked line names the triage alert (pattern, summary): masking must not cut a token
        // into pieces the scrubber no longer recognizes
        assertThat(
                        unknown(
                                        "push rejected, token ghp_16C7e42F292c6912E7710c838347Ae178B4a expired")
                                .pattern)
                .isEqualTo("push rejected, token [REDACTED] expired");
        assertThat(unknown("key AKIAIOSFODNN7EXAMPLE rejected").pattern)
                .isEqualTo("key [REDACTED] rejected");
        assertThat(unknown("charge failed with sk_live_51H8x9aKZvKYlo2C0aBcDeFgHiJkLmNoPq").pattern)
                .isEqualTo("charge failed with [REDACTED]");
        // the same failure with another token is the same kind
        assertThat(
                        unknown(
                                        "push rejected, token ghp_ZZZZe42F292c6912E7710c838347Ae178B999 expired")
                                .key)
                .isEqualTo(
                        unknown(
                                        "push rejected, token ghp_16C7e42F292c6912E7710c838347Ae178B4a expired")
                                .key);
    }
}
