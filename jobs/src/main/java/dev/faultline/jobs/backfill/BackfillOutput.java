package dev.faultline.jobs.backfill;

import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;

/** One collected result of a backfill: a verdict or a dead letter (one stream, one collect). */
public class BackfillOutput {
    public BuildVerdict verdict;
    public DeadLetter deadLetter;

    public BackfillOutput() {}

    static BackfillOutput of(BuildVerdict v) {
        BackfillOutput o = new BackfillOutput();
        o.verdict = v;
        return o;
    }

    static BackfillOutput of(DeadLetter d) {
        BackfillOutput o = new BackfillOutput();
        o.deadLetter = d;
        return o;
    }
}
