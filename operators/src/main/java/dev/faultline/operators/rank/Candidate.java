package dev.faultline.operators.rank;

/**
 * One line of a failed build that could state its cause, with what the ranker reads of it: its
 * text, what the catalog and the error words found on it, and where it stands among the build's
 * other candidates. A plain record, so training reads exactly what the job ranked.
 */
public class Candidate {
    public long line;
    public String text;

    /** Shown in red or bold. */
    public boolean emphasized;

    /** Generic error-word score of the line. */
    public int errorScore;

    /** Severity rank of the strongest signature hit on the line (0: none). */
    public int severity;

    /** No earlier line of the build has a hit of this severity. */
    public boolean firstOfSeverity;

    /**
     * The line has a hit or error words (it was counted among the build's candidate lines as it
     * came).
     */
    public boolean errorLike;

    /** The first error-like line without a hit in the log. */
    public boolean firstErrorLine;

    /**
     * Earlier candidate lines of the same shape (0: the first of its shape); -1 when not counted.
     */
    public int shapeOrdinal = -1;

    /** Candidate lines of this shape in the whole build (1 when not counted). */
    public int shapeCount = 1;

    /** The first non-blank line after this one, or 0 / null. */
    public long followLine;

    public String followText;

    public Candidate() {}
}
