package dev.faultline.operators.verdict;

/**
 * Everything Faultline knows about one open build, as the classifier reads it. In RocksDB it is kept
 * as one small value (the scalar fields, updated per signal) plus append-only lists of hits, error-like
 * lines and step markers, which are read back only when the verdict is decided; the arrays here are
 * filled from those lists then. The lists are bounded, so state per build stays small however long the
 * log is.
 */
public class BuildState {
    public static final int MAX_HITS = 32;
    public static final int MAX_ERROR_LINES = 16;
    public static final int MAX_STAGE_MARKS = 64;

    public String stage;
    public String step;
    public long lines;
    public String firstTimestamp;
    public long firstTimestampLine;
    public String lastTimestamp;
    public long lastTimestampLine;
    /** Hits stored so far per severity rank (index = rank), error-like lines and step markers stored. */
    public int[] hitsStored = new int[4];
    public int errorLinesStored;
    public int stageMarksStored;
    /**
     * Whether no end-of-input timer was registered, because the first signal already scheduled the
     * verdict. Negative so that state written before the flag existed (timer always registered) reads
     * as "registered" and its timer is still deleted.
     */
    public boolean endOfInputTimerSkipped;
    /** Pending inactivity timer, or Long.MIN_VALUE. */
    public long inactivityTimer = Long.MIN_VALUE;
    /** Event time of the last signal, for the inactivity timeout. */
    public long lastActivity = Long.MIN_VALUE;
    /** How the log itself ended (an end-of-job line), or null. */
    public String logEnd;
    public long logEndLine;
    public boolean logComplete;
    public String logProblem;
    public String eventOutcome;
    public String workerName;
    public String accountId;
    public String repoName;
    public String branch;
    public String commitHash;
    /** Step markers in line order (at most {@link #MAX_STAGE_MARKS}): where each stage began. */
    public StageMark[] stageMarks = new StageMark[0];
    public HitRecord[] hits = new HitRecord[0];
    public HitRecord[] errorLines = new HitRecord[0];
    /** Event time at which the verdict is due, or Long.MIN_VALUE when no end has been seen. */
    public long decisionTime = Long.MIN_VALUE;
    /** What will have decided the verdict when it is due. */
    public String decidedBy;

    public BuildState() {}
}
