package dev.faultline.operators.verdict;

/**
 * Everything Faultline knows about one open build, as the classifier reads it. In RocksDB it is
 * kept as one small value (the scalar fields, updated per signal) plus append-only lists of hits,
 * error-like lines and step markers, which are read back only when the verdict is decided; the
 * arrays here are filled from those lists then. The lists are bounded, so state per build stays
 * small however long the log is.
 */
public class BuildState {
    public static final int MAX_HITS = 32;
    public static final int MAX_ERROR_LINES = 32;

    /** Distinct line shapes counted per build; later new shapes are not counted. */
    public static final int MAX_SHAPES = 64;

    public static final int MAX_STAGE_MARKS = 64;

    public String stage;
    public String step;
    public long lines;
    public String firstTimestamp;
    public long firstTimestampLine;
    public String lastTimestamp;
    public long lastTimestampLine;

    /**
     * Hits stored so far per severity rank (index = rank), error-like lines and step markers
     * stored.
     */
    public int[] hitsStored = new int[4];

    public int errorLinesStored;
    public int stageMarksStored;

    /** Tail lines stored (see {@code CauseContext#TAIL_LINES}; compacted when twice that). */
    public int tailStored;

    /**
     * Error-like lines seen so far (not reset by compaction): the next one's {@link
     * HitRecord#ordinal}.
     */
    public int errorLinesSeen;

    /**
     * Line of the first failing step end (a failed step boundary or an end-of-job failure), or 0.
     */
    public long failedAt;

    /** Line of the last step start before {@link #failedAt}, or 0. */
    public long blockStart;

    /** Shapes of the candidate lines seen and how many lines had each; null until the first. */
    public int[] shapeHashes;

    public int[] shapeCounts;
    public int shapes;

    /**
     * Records of the last candidate line, held until the next non-blank line (their follow line)
     * arrives.
     */
    public HitRecord[] pending;

    /**
     * Whether no end-of-input timer was registered, because the first signal already scheduled the
     * verdict. Negative so that state written before the flag existed (timer always registered)
     * reads as "registered" and its timer is still deleted.
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

    /** The failing step's last non-blank lines, in line order. */
    public TailLine[] tail = new TailLine[0];

    /** Event time at which the verdict is due, or Long.MIN_VALUE when no end has been seen. */
    public long decisionTime = Long.MIN_VALUE;

    /** What will have decided the verdict when it is due. */
    public String decidedBy;

    public BuildState() {}
}
