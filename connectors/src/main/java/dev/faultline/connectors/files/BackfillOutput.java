package dev.faultline.connectors.files;

import dev.faultline.operators.rank.CandidateSet;
import dev.faultline.operators.verdict.BuildHits;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;

/**
 * One collected result of a backfill: a verdict, a dead letter, an alert, or (for ranker training)
 * a build's candidate cause lines; one stream, one sink.
 */
public class BackfillOutput {
    public BuildVerdict verdict;
    public DeadLetter deadLetter;
    public Alert alert;
    public CandidateSet candidateSet;

    /** A build's signature hits, for a shadow test ({@code check-signatures --against}). */
    public BuildHits signatureHits;

    public BackfillOutput() {}

    public static BackfillOutput of(BuildVerdict v) {
        BackfillOutput o = new BackfillOutput();
        o.verdict = v;
        return o;
    }

    public static BackfillOutput of(Alert a) {
        BackfillOutput o = new BackfillOutput();
        o.alert = a;
        return o;
    }

    public static BackfillOutput of(CandidateSet c) {
        BackfillOutput o = new BackfillOutput();
        o.candidateSet = c;
        return o;
    }

    public static BackfillOutput of(BuildHits h) {
        BackfillOutput o = new BackfillOutput();
        o.signatureHits = h;
        return o;
    }

    public static BackfillOutput of(DeadLetter d) {
        BackfillOutput o = new BackfillOutput();
        o.deadLetter = d;
        return o;
    }
}
