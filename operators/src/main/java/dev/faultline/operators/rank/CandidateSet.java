package dev.faultline.operators.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed build's candidate cause lines and the frame the ranker reads them in: where the failing
 * step's block starts and ends. Emitted as it is for training ({@code train-ranker}).
 */
public class CandidateSet {
    public String buildId;

    /**
     * The line that ended the failing step (a failed step boundary or an end-of-job failure), or 0.
     */
    public long failedAt;

    /** The last step start before {@link #failedAt} (0: none seen). */
    public long blockStart;

    /** Lines in the log. */
    public long lines;

    /** In line order. */
    public List<Candidate> candidates = new ArrayList<>();

    public CandidateSet() {}

    /** The line candidates are measured from: the failing step's end, else just past the log. */
    public long end() {
        return failedAt > 0 ? failedAt : lines + 1;
    }
}
