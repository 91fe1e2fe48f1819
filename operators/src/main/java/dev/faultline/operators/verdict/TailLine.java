package dev.faultline.operators.verdict;

/**
 * One of the last non-blank lines before the failing step's end, as per-build state keeps it (see
 * {@link TailLineSerializer}): its text and, when it is a candidate cause, what tagging found on
 * it.
 */
public class TailLine {
    public long line;
    public String text;
    public boolean emphasized;

    /** Generic error-word score; 0 for a line with nothing on it. */
    public int score;

    /** Strongest signature hit on the line (severity rank), 0 when none. */
    public int severity;

    /** For an error-like line without a hit: how many error-like lines came before it. */
    public int ordinal;

    public int shapeHash;

    /** Earlier candidate lines of the same shape; -1 when the line is not a candidate. */
    public int shapeOrdinal = -1;

    public TailLine() {}

    static TailLine of(HitRecord r) {
        TailLine t = new TailLine();
        t.line = r.line;
        t.text = r.text;
        t.emphasized = r.emphasized;
        t.score = r.score;
        t.severity = r.severityRank;
        t.ordinal = r.ordinal;
        t.shapeHash = r.shapeHash;
        t.shapeOrdinal = r.shapeOrdinal;
        return t;
    }
}
