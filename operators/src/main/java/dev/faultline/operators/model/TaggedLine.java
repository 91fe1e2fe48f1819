package dev.faultline.operators.model;

/**
 * A log line after tagging: what the catalog found on it. Lines with nothing on them keep only
 * their position ({@link #text} is null), so uninteresting text never reaches per-build state.
 */
public class TaggedLine {
    public String buildId;
    public long seq;

    /** The line's own timestamp (ISO-8601) or null. */
    public String timestamp;

    /**
     * Normalized text (ANSI removed, progress overwrites resolved), or null when nothing was found.
     */
    public String text;

    /** Stage this marker line enters, or null. */
    public String stage;

    /** Step category this marker line enters, or null. */
    public String step;

    /** How this line ends the build ({@code success|failure|canceled}), or null. */
    public String end;

    /** Single-line signatures that matched. Null when none. */
    public Hit[] hits;

    /**
     * Sequence steps that matched, as {@code sequenceId#step} (1-based) or {@code sequenceId#not}.
     */
    public String[] steps;

    /** How error-like the line reads (generic words): ranks candidate causes. */
    public int errorScore;

    /**
     * Which step boundary this marker line is: {@link #NO_BOUNDARY}, {@link #BLOCK_START}, {@link
     * #BLOCK_FAILED}.
     */
    public byte boundary;

    /** Shown in red or bold (ANSI SGR 1, 31 or 91), as many tools print their errors. */
    public boolean emphasized;

    /**
     * The displayed text of a line with nothing on it that per-build state still needs as context
     * (the failing step's last lines, the line after a candidate cause); null otherwise, and always
     * null when {@link #text} is set.
     */
    public String context;

    /**
     * The line's event time in ms as its stream record carried it ({@link #NO_TIME} when it had
     * none); set where lines are batched, so each keeps its own time inside a batch.
     */
    public long eventTime = NO_TIME;

    public static final long NO_TIME = Long.MIN_VALUE;
    public static final byte NO_BOUNDARY = 0;
    public static final byte BLOCK_START = 1;
    public static final byte BLOCK_FAILED = 2;

    public TaggedLine() {}

    public boolean hasSteps() {
        return steps != null && steps.length > 0;
    }

    public boolean hasStep(String key) {
        if (steps == null) {
            return false;
        }
        for (String s : steps) {
            if (s.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line carries a step of the sequence whose keys start with {@code prefix}. */
    public boolean hasStepWithPrefix(String prefix) {
        if (steps == null) {
            return false;
        }
        for (String s : steps) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether per-build state needs this line at all. */
    public boolean isInteresting() {
        return text != null;
    }

    /**
     * The line's displayed text, whether it is interesting or only context; null for a blank line
     * or one sent without it.
     */
    public String shownText() {
        return text != null ? text : context;
    }

    /** Whether the line could state a failure's cause: a signature hit or an error word. */
    public boolean isCandidate() {
        return text != null && (hits != null || (errorScore > 0 && end == null));
    }

    /** Whether the line ends the step that failed, or the whole job in failure. */
    public boolean endsFailingBlock() {
        return boundary == BLOCK_FAILED || "failure".equals(end);
    }
}
