package dev.faultline.operators.catalog;

import java.io.Serializable;

/** A compiled multi-line signature: ordered steps, an optional "not followed by" line. */
public final class SequenceRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String id;
    public final String category;
    public final String fault;
    public final Severity severity;
    public final String summary;
    public final LineRule[] steps;
    public final LineRule notFollowedBy;

    /** Index of the step whose line is the cause. */
    public final int evidenceStep;

    /**
     * Upper bound on how long a partial match is kept (CEP {@code within}), in seconds of event
     * time.
     */
    public final long withinSeconds;

    /** Advice, docs and retry (see {@link Remedy}). */
    public final Remedy remedy;

    SequenceRule(
            String id,
            String category,
            String fault,
            Severity severity,
            String summary,
            LineRule[] steps,
            LineRule notFollowedBy,
            int evidenceStep,
            long withinSeconds,
            Remedy remedy) {
        this.id = id;
        this.category = category;
        this.fault = fault;
        this.severity = severity;
        this.summary = summary;
        this.steps = steps;
        this.notFollowedBy = notFollowedBy;
        this.evidenceStep = evidenceStep;
        this.withinSeconds = withinSeconds;
        this.remedy = remedy;
    }
}
