package dev.faultline.operators;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the shared graph decides when a build has ended, beyond its own end-of-job line. The streaming
 * job and the backfill job differ only here (and in their sources and sinks).
 */
public final class GraphOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A build that sends nothing for this long (event time) gets a verdict anyway; null: never. */
    public final Duration inactivityTimeout;
    /**
     * How long after a build event with an outcome to wait for the build's last lines before deciding;
     * null: build events only annotate verdicts and never end a build (backfill, where the whole log is
     * at hand).
     */
    public final Duration eventSettleDelay;
    /** How long a decided build is remembered, so late lines are recognized instead of starting over. */
    public final Duration verdictRetention;
    /**
     * Whether the source marks the end of every log (a bounded archive does). Then the end of the log,
     * not its end-of-job line, triggers the verdict, so lines written after that line still count.
     */
    public final boolean logEndsAreMarked;
    /** Drop lines with nothing on them before the key-by (see {@code ProgressThinner}); needs marked log ends. */
    public final boolean thinLines;
    /**
     * Whether event time advances by exactly one per line within a build (the backfill's read-order
     * clock). Then a sequence's CEP {@code within} is its longest possible span in lines, not its
     * {@code withinSeconds}: in read-order ticks an hour is 3.6 million lines, and partial matches would
     * sit in CEP's RocksDB state that long.
     */
    public final boolean eventTimeCountsLines;

    public GraphOptions(
            Duration inactivityTimeout,
            Duration eventSettleDelay,
            Duration verdictRetention,
            boolean logEndsAreMarked) {
        // Thinning needs marked log ends to keep line counts and last timestamps exact.
        this(inactivityTimeout, eventSettleDelay, verdictRetention, logEndsAreMarked, logEndsAreMarked);
    }

    public GraphOptions(
            Duration inactivityTimeout,
            Duration eventSettleDelay,
            Duration verdictRetention,
            boolean logEndsAreMarked,
            boolean thinLines) {
        this(inactivityTimeout, eventSettleDelay, verdictRetention, logEndsAreMarked, thinLines, false);
    }

    private GraphOptions(
            Duration inactivityTimeout,
            Duration eventSettleDelay,
            Duration verdictRetention,
            boolean logEndsAreMarked,
            boolean thinLines,
            boolean eventTimeCountsLines) {
        this.eventTimeCountsLines = eventTimeCountsLines;
        this.inactivityTimeout = inactivityTimeout;
        this.eventSettleDelay = eventSettleDelay;
        this.verdictRetention = verdictRetention;
        this.logEndsAreMarked = logEndsAreMarked;
        this.thinLines = thinLines;
    }

    /** The same options, forwarding every line to per-build state (the unoptimised reference). */
    public GraphOptions withoutThinning() {
        return new GraphOptions(inactivityTimeout, eventSettleDelay, verdictRetention, logEndsAreMarked, false,
                eventTimeCountsLines);
    }

    /** The same options for a source whose event time advances by one per line of a build. */
    public GraphOptions withEventTimeCountingLines() {
        return new GraphOptions(inactivityTimeout, eventSettleDelay, verdictRetention, logEndsAreMarked, thinLines, true);
    }

    /** Backfill: every log is complete, so its end (or the end of the archive) decides. */
    public static GraphOptions backfill() {
        return new GraphOptions(null, null, Duration.ofHours(6), true);
    }

    /** Streaming: builds can stall, and the platform's events can arrive before the last lines. */
    public static GraphOptions streaming() {
        return new GraphOptions(Duration.ofMinutes(25), Duration.ofSeconds(30), Duration.ofHours(6), false, false);
    }
}
