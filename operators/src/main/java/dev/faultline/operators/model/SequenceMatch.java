package dev.faultline.operators.model;

/** A multi-line signature matched by CEP: the lines of its steps, in order. */
public class SequenceMatch {
    public String buildId;
    public String sequenceId;
    public String summary;

    /** Line numbers of the matched steps. */
    public long[] lines;

    /** Texts of the matched steps. */
    public String[] texts;

    /** Index into {@link #lines} of the line that states the cause. */
    public int evidenceIndex;

    public SequenceMatch() {}
}
