package dev.faultline.operators.model;

/**
 * How much of a log around its candidate causes per-build state keeps, in one place because tagging
 * (which decides what crosses the key-by in a backfill) and the verdict operator (which keeps it)
 * must agree on it exactly.
 */
public final class CauseContext {
    /**
     * Non-blank lines kept from the end of the step that failed (or of the log): the cause is among
     * the last 40 lines before the failing step's end in two of three real CI logs, and they are
     * the evidence of a failure that no line explains.
     */
    public static final int TAIL_LINES = 40;

    private CauseContext() {}
}
