package dev.faultline.operators.model;

/**
 * A log line after tagging: what the catalog found on it. Lines with nothing on them keep only their
 * position ({@link #text} is null), so uninteresting text never reaches per-build state.
 */
public class TaggedLine {
    public String buildId;
    public long seq;
    /** The line's own timestamp (ISO-8601) or null. */
    public String timestamp;
    /** Normalized text (ANSI removed, progress overwrites resolved), or null when nothing was found. */
    public String text;
    /** Stage this marker line enters, or null. */
    public String stage;
    /** Step category this marker line enters, or null. */
    public String step;
    /** How this line ends the build ({@code success|failure|canceled}), or null. */
    public String end;
    /** Single-line signatures that matched. Null when none. */
    public Hit[] hits;
    /** Sequence steps that matched, as {@code sequenceId#step} (1-based) or {@code sequenceId#not}. */
    public String[] steps;
    /** How error-like the line reads (generic words); used only when no signature explains a failure. */
    public int errorScore;
    /**
     * The line's event time in ms as its stream record carried it ({@link #NO_TIME} when it had none);
     * set where lines are batched, so each keeps its own time inside a batch.
     */
    public long eventTime = NO_TIME;

    public static final long NO_TIME = Long.MIN_VALUE;

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
}
