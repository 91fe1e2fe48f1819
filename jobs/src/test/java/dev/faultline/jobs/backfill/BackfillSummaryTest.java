package dev.faultline.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.BuildVerdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary counts the failures an automatic retry would have been worth. */
class BackfillSummaryTest {
    private static BuildVerdict verdict(String outcome, Boolean retry) {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b";
        v.outcome = outcome;
        v.retry = retry;
        if (BuildVerdict.FAILURE.equals(outcome)) {
            v.category = "clone";
            v.fault = Boolean.TRUE.equals(retry) ? "platform" : "user";
        }
        return v;
    }

    @Test
    void countsRetryWorthyFailures() {
        BackfillSummary s = new BackfillSummary();
        s.add(verdict(BuildVerdict.FAILURE, true));
        s.add(verdict(BuildVerdict.FAILURE, true));
        s.add(verdict(BuildVerdict.FAILURE, false));
        s.add(verdict(BuildVerdict.SUCCESS, null));
        // a verdict written before retry existed
        s.add(verdict(BuildVerdict.FAILURE, null));
        assertThat(s.failures).isEqualTo(4);
        assertThat(s.retryWorthy).isEqualTo(2);
        Map<String, Object> json = s.toJson(1.0);
        assertThat(json).containsEntry("retryWorthFailures", 2L);
        assertThat(s.toTable(1.0))
                .contains("automatic retry would have been worth it for 2 of 4 failed builds");
    }
}
