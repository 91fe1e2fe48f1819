package dev.faultline.operators.catalog;

/** What a {@link LineRule} is for. */
public enum RuleKind {
    /** A step or end-of-job line: sets the stage and/or ends the build. */
    MARKER,
    /** A single-line failure cause. */
    SIGNATURE,
    /** One step of a multi-line sequence, matched on CEP. */
    SEQUENCE_STEP,
    /** A line that cancels a sequence when it occurs between its steps. */
    SEQUENCE_NOT
}
