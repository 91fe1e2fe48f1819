package dev.faultline.operators;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the shared graph decides when a build has ended, beyond its own end-of-job line, and what it
 * may skip because of how its input arrives. The streaming job and the backfill job differ only
 * here (and in their sources and sinks): start from {@link #streaming()} or {@link #backfill()} and
 * adjust with the {@code with...} methods. The defaults live here and nowhere else.
 */
public final class GraphOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A little over the Workers Builds platform's 20-minute build limit. */
    public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofMinutes(25);

    /** Long enough for a build's last lines to arrive after the platform's end event. */
    public static final Duration DEFAULT_EVENT_SETTLE_DELAY = Duration.ofSeconds(30);

    /** Longer than any retry or replay of a build's records is expected to come late. */
    public static final Duration DEFAULT_VERDICT_RETENTION = Duration.ofHours(6);

    /** A build that sends nothing for this long (event time) gets a verdict anyway; null: never. */
    public final Duration inactivityTimeout;

    /**
     * How long after a build event with an outcome to wait for the build's last lines before
     * deciding; null: build events only annotate verdicts and never end a build (backfill, where
     * the whole log is at hand).
     */
    public final Duration eventSettleDelay;

    /**
     * How long a decided build is remembered, so late lines are recognized instead of starting
     * over.
     */
    public final Duration verdictRetention;

    /**
     * Whether the source marks the end of every log (a bounded archive does). Then the end of the
     * log, not its end-of-job line, triggers the verdict, so lines written after that line still
     * count.
     */
    public final boolean logEndsAreMarked;

    /**
     * Drop lines with nothing on them before the key-by (see {@code ProgressThinner}); needs marked
     * log ends.
     */
    public final boolean thinLines;

    /**
     * Whether each build's lines reach the graph in log order, through one source subtask (a
     * backfill's archive reader; Kafka records keyed by build ID, one partition per build). Then
     * CEP matches lines as they arrive instead of holding every line in RocksDB until the watermark
     * passes it and sorting by time: the steps' conditions (line distance, the lines' own
     * timestamps, "not followed by" in log order) do not depend on CEP's clock, and {@code within}
     * only bounds how long a partial match is kept. The event-time path left RocksDB tombstones
     * behind that every later seek had to skip: at 1M builds one CEP operator took 41% of the CPU.
     */
    public final boolean linesInLogOrder;

    /**
     * Whether every decided build's candidate cause lines go out on a side output ({@code
     * BuildVerdictFunction.CANDIDATE_SETS}), for training and evaluating the line ranker.
     */
    public final boolean emitCandidateSets;

    /**
     * Live: how long after an end-of-job line (event time) the verdict waits, so that a later end
     * line of the same build (the platform's own, after a user's command printed one) decides
     * instead. The last end line before the decision wins. Unused where log ends are marked: there
     * the last end line of the whole log wins.
     */
    public final Duration endLineConfirmation;

    /**
     * Whether every decided build's signature hits (each id once) go out on a side output ({@code
     * BuildVerdictFunction.SIGNATURE_HITS}), for shadow-testing signatures: a verdict names only
     * the strongest hit, and a successful build's none.
     */
    public final boolean emitSignatureHits;

    /**
     * From which watermark on a build whose whole log arrives in one signal ({@code
     * BuildSignal#wholeLog}) is decided as it arrives, without a round trip through keyed state and
     * a timer; {@link Long#MAX_VALUE}: never. Waiting for the watermark is only needed for signals
     * that travel another path: CEP matches (a whole-log signal says none of its lines went to CEP)
     * and build events. A source sets this where its watermark proves every build event has passed
     * (a backfill reads event files first and stamps them below its logs' times); the live job
     * never sets it.
     */
    public final long wholeLogsDecidedFromWatermark;

    /** See {@link #endLineConfirmation}: about what the platform takes to print its end line. */
    public static final Duration DEFAULT_END_LINE_CONFIRMATION = Duration.ofMillis(300);

    private GraphOptions(
            Duration inactivityTimeout,
            Duration eventSettleDelay,
            Duration verdictRetention,
            boolean logEndsAreMarked,
            boolean thinLines,
            boolean linesInLogOrder,
            boolean emitCandidateSets,
            Duration endLineConfirmation,
            boolean emitSignatureHits,
            long wholeLogsDecidedFromWatermark) {
        this.inactivityTimeout = inactivityTimeout;
        this.eventSettleDelay = eventSettleDelay;
        this.verdictRetention = verdictRetention;
        this.logEndsAreMarked = logEndsAreMarked;
        this.thinLines = thinLines;
        this.linesInLogOrder = linesInLogOrder;
        this.emitCandidateSets = emitCandidateSets;
        this.endLineConfirmation = endLineConfirmation;
        this.emitSignatureHits = emitSignatureHits;
        this.wholeLogsDecidedFromWatermark = wholeLogsDecidedFromWatermark;
    }

    /**
     * Backfill: every log is complete, so its end (or the end of the archive) decides, and lines
     * with nothing on them need not cross the key-by (the end carries exact counts).
     */
    public static GraphOptions backfill() {
        return new GraphOptions(
                null,
                null,
                DEFAULT_VERDICT_RETENTION,
                true,
                true,
                false,
                false,
                Duration.ZERO,
                false,
                Long.MAX_VALUE);
    }

    /** Streaming: builds can stall, and the platform's events can arrive before the last lines. */
    public static GraphOptions streaming() {
        return new GraphOptions(
                DEFAULT_INACTIVITY_TIMEOUT,
                DEFAULT_EVENT_SETTLE_DELAY,
                DEFAULT_VERDICT_RETENTION,
                false,
                false,
                false,
                false,
                DEFAULT_END_LINE_CONFIRMATION,
                false,
                Long.MAX_VALUE);
    }

    public GraphOptions withInactivityTimeout(Duration timeout) {
        return new GraphOptions(
                timeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                emitCandidateSets,
                endLineConfirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    public GraphOptions withEventSettleDelay(Duration delay) {
        return new GraphOptions(
                inactivityTimeout,
                delay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                emitCandidateSets,
                endLineConfirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    /** The same options, forwarding every line to per-build state (the unoptimised reference). */
    public GraphOptions withoutThinning() {
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                false,
                linesInLogOrder,
                emitCandidateSets,
                endLineConfirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    /** The same options for a source that delivers each build's lines in log order. */
    public GraphOptions withLinesInLogOrder() {
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                true,
                emitCandidateSets,
                endLineConfirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    /**
     * The same options, emitting every decided build's candidate cause lines (see {@link
     * #emitCandidateSets}).
     */
    public GraphOptions withCandidateSets() {
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                true,
                endLineConfirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    public GraphOptions withEndLineConfirmation(Duration confirmation) {
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                emitCandidateSets,
                confirmation,
                emitSignatureHits,
                wholeLogsDecidedFromWatermark);
    }

    /**
     * The same options, emitting every decided build's signature hits (see {@link
     * #emitSignatureHits}).
     */
    public GraphOptions withSignatureHits() {
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                emitCandidateSets,
                endLineConfirmation,
                true,
                wholeLogsDecidedFromWatermark);
    }

    /**
     * The same options, deciding a build whose whole log arrives in one signal at once when the
     * watermark is at least {@code watermark} (see {@link #wholeLogsDecidedFromWatermark}). Only
     * for sources that mark the end of every log.
     */
    public GraphOptions withWholeLogsDecidedFromWatermark(long watermark) {
        if (!logEndsAreMarked) {
            throw new IllegalStateException("deciding whole logs on arrival needs marked log ends");
        }
        return new GraphOptions(
                inactivityTimeout,
                eventSettleDelay,
                verdictRetention,
                logEndsAreMarked,
                thinLines,
                linesInLogOrder,
                emitCandidateSets,
                endLineConfirmation,
                emitSignatureHits,
                watermark);
    }

    /** Whether a build whose whole log came in one signal may be decided at this watermark. */
    public boolean decidesWholeLogsAt(long watermark) {
        return logEndsAreMarked && watermark >= wholeLogsDecidedFromWatermark;
    }
}
