package dev.faultline.operators.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.Remedy;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.schemas.BuildVerdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Retry is worth it for transient platform causes only; a signature can say otherwise. */
class RetryAdviceTest {
    private static final SignatureCatalog CATALOG =
            CatalogLoader.parse(
                    ("version: 1\nsignatures:\n"
                                    + "  - id: net.down\n    literal: connection reset\n"
                                    + "    fault: platform\n    severity: error\n    summary: net\n"
                                    + "    advice: \"Retry the build.\"\n"
                                    + "    docs: https://example.org/net\n"
                                    + "  - id: lock.stale\n    literal: lockfile stale\n"
                                    + "    fault: user\n    severity: error\n    summary: lock\n"
                                    + "    advice: \"Commit the lockfile.\"\n"
                                    + "  - id: flaky.browser\n    literal: browser gone\n"
                                    + "    fault: unknown\n    severity: error\n    summary: b\n"
                                    + "    retry: true\n"
                                    + "  - id: quota\n    literal: quota exceeded\n"
                                    + "    fault: platform\n    severity: error\n    summary: q\n"
                                    + "    retry: false\n"
                                    + "  - id: odd\n    literal: odd thing\n"
                                    + "    fault: unknown\n    severity: error\n    summary: o\n"
                                    + "  - id: hc\n    literal: health check\n    category: health_check\n"
                                    + "    fault: unknown\n    severity: critical\n    summary: h\n")
                            .getBytes(StandardCharsets.UTF_8),
                    "t.yaml");

    private static BuildVerdict failure(String signature, String category, String fault) {
        BuildVerdict v = new BuildVerdict();
        v.outcome = BuildVerdict.FAILURE;
        v.signature = signature;
        v.category = category;
        v.fault = fault;
        Remedy remedy = signature == null ? null : CATALOG.cause(signature).remedy;
        RetryAdvice.apply(v, remedy);
        return v;
    }

    @Test
    void aPlatformFaultIsWorthARetryAndCarriesItsAdvice() {
        BuildVerdict v = failure("net.down", "dependency_installation", "platform");
        assertThat(v.retry).isTrue();
        assertThat(v.retryReason).isEqualTo(RetryAdvice.PLATFORM);
        assertThat(v.advice).isEqualTo("Retry the build.");
        assertThat(v.docs).isEqualTo("https://example.org/net");
    }

    @Test
    void userAndUnknownFaultsAreNot() {
        BuildVerdict user = failure("lock.stale", "dependency_installation", "user");
        assertThat(user.retry).isFalse();
        assertThat(user.retryReason).isEqualTo(RetryAdvice.USER);
        assertThat(user.advice).isEqualTo("Commit the lockfile.");
        assertThat(user.docs).isNull();

        BuildVerdict unknown = failure("odd", "build_command", "unknown");
        assertThat(unknown.retry).isFalse();
        assertThat(unknown.retryReason).isEqualTo(RetryAdvice.UNKNOWN_FAULT);

        BuildVerdict unexplained = failure(null, "unknown", "unknown");
        assertThat(unexplained.retry).isFalse();
        assertThat(unexplained.retryReason).isEqualTo(RetryAdvice.NO_SIGNATURE);
        assertThat(unexplained.advice).isNull();
    }

    @Test
    void aPlatformCategoryIsWorthARetryWhateverTheFault() {
        BuildVerdict v = failure("hc", "health_check", "unknown");
        assertThat(v.retry).isTrue();
    }

    @Test
    void theSignaturesOwnRetryWins() {
        BuildVerdict yes = failure("flaky.browser", "build_command", "unknown");
        assertThat(yes.retry).isTrue();
        assertThat(yes.retryReason).isEqualTo(RetryAdvice.SIGNATURE_SAYS_RETRY);
        BuildVerdict no = failure("quota", "deploy_command", "platform");
        assertThat(no.retry).isFalse();
        assertThat(no.retryReason).isEqualTo(RetryAdvice.SIGNATURE_SAYS_NO_RETRY);
    }

    @Test
    void onlyFailuresSayRetry() {
        for (String outcome :
                new String[] {BuildVerdict.SUCCESS, BuildVerdict.CANCELED, BuildVerdict.UNKNOWN}) {
            BuildVerdict v = new BuildVerdict();
            v.outcome = outcome;
            RetryAdvice.apply(v, null);
            assertThat(v.retry).as(outcome).isNull();
            assertThat(v.retryReason).as(outcome).isNull();
        }
    }
}
