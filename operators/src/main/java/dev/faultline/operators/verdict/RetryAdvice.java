package dev.faultline.operators.verdict;

import dev.faultline.operators.catalog.Remedy;
import dev.faultline.schemas.BuildVerdict;
import java.util.Set;

/**
 * Whether an automatic retry of a failed build is worth it, and what the user should do: a retry
 * helps when the platform failed transiently (a network error, a registry's 5xx, a failed health
 * check, an internal error, an image pull), never when the build's own code or configuration is at
 * fault, and is not promised when nobody knows the cause. A signature's own {@code retry:} wins
 * over that default.
 */
public final class RetryAdvice {
    /** Categories that are the platform's by nature, whatever fault a signature gives them. */
    static final Set<String> PLATFORM_CATEGORIES = Set.of("internal", "health_check");

    static final String SIGNATURE_SAYS_RETRY = "the signature marks this cause as transient";
    static final String SIGNATURE_SAYS_NO_RETRY = "the signature marks this cause as persistent";
    static final String PLATFORM = "platform fault: a transient cause that a retry usually clears";
    static final String USER =
            "user fault: the build's own code or configuration has to change first";
    static final String UNKNOWN_FAULT = "fault unknown: nothing shows that a retry would help";
    static final String NO_SIGNATURE =
            "no signature explains the failure: nothing shows that a retry would help";

    private RetryAdvice() {}

    /**
     * Fills a decided verdict's {@code advice}, {@code docs}, {@code retry} and {@code
     * retryReason}: advice and docs from its signature's remedy ({@code null} without one), retry
     * only on failures.
     */
    public static void apply(BuildVerdict v, Remedy remedy) {
        if (remedy != null) {
            v.advice = remedy.advice;
            v.docs = remedy.docs;
        }
        if (!BuildVerdict.FAILURE.equals(v.outcome)) {
            v.retry = null;
            v.retryReason = null;
            return;
        }
        if (v.signature == null) {
            v.retry = false;
            v.retryReason = NO_SIGNATURE;
        } else if (remedy != null && remedy.retry != null) {
            v.retry = remedy.retry;
            v.retryReason = remedy.retry ? SIGNATURE_SAYS_RETRY : SIGNATURE_SAYS_NO_RETRY;
        } else if ("platform".equals(v.fault) || PLATFORM_CATEGORIES.contains(v.category)) {
            v.retry = true;
            v.retryReason = PLATFORM;
        } else {
            v.retry = false;
            v.retryReason = "user".equals(v.fault) ? USER : UNKNOWN_FAULT;
        }
    }
}
