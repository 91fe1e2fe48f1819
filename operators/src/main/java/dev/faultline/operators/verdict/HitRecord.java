package dev.faultline.operators.verdict;

/** One candidate cause kept in per-build state: a signature hit, or an error-like line. */
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
    /** Further lines of a multi-line match, cited after the cause. */
    public long[] contextLines;
    public String[] contextTexts;

    public HitRecord() {}
}
