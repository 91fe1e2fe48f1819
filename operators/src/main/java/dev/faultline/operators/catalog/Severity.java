package dev.faultline.operators.catalog;

/** How strongly a hit explains a failure. Higher ranks win when picking the cause. */
public enum Severity {
    /**
     * Only repeats that something failed (exit codes, "BUILD FAILURE"); used when nothing better
     * exists.
     */
    WARNING(1),
    /** States a failure reason (a compiler error, a failed assertion, a package manager error). */
    ERROR(2),
    /** Overrides everything else: the platform itself failed, or the build was killed. */
    CRITICAL(3);

    public final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    public static Severity parse(String s) {
        return Severity.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
