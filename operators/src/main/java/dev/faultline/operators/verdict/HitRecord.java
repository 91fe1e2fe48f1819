package dev.faultline.operators.verdict;

/**
 * One line kept in per-build state: a signature hit, an error-like line, or a line of the failing
 * step's tail (then {@link #signatureId} is null and {@link #severityRank} the strongest hit on the
 * line).
 */
public class HitRecord {
    public long line;
    public String text;

    /** Catalog id of the single-line signature or sequence; null for a mere error-like line. */
    public String signatureId;

    public String summary;
    public int severityRank;

    /** Stage and step category the build was in when the line was written. */
    public String stage;

    public String step;

    /** Generic error-word score (for lines no signature explains). */
    public int score;

    /** Shown in red or bold (ANSI), as many tools print their errors. */
    public boolean emphasized;

    /**
     * For an error-like line without a hit: how many error-like lines came before it (0: the
     * first).
     */
    public int ordinal;

    /** Hash of the line's shape (its first word, digits masked); see {@code LineShape}. */
    public int shapeHash;

    /**
     * How many earlier candidate lines had the same shape (0: the first of its shape); -1: not
     * counted.
     */
    public int shapeOrdinal = -1;

    /**
     * The first non-blank line after this one (0 when none came), which may complete it: the
     * message under a header.
     */
    public long followLine;

    public String followText;

    /** Further lines of a multi-line match, cited after the cause. */
    public long[] contextLines;

    public String[] contextTexts;

    public HitRecord() {}
}
