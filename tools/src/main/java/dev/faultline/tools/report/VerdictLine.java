package dev.faultline.tools.report;

/**
 * The fields of one verdict that the report uses, refilled for every line: a million verdicts must
 * not become a million objects.
 */
final class VerdictLine {
    /** Evidence lines kept per verdict: enough to show an unknown failure's context. */
    static final int EVIDENCE_KEPT = 3;

    String buildId;
    String outcome;
    String category;
    String fault;
    String signature;
    String firstTimestamp;
    String lastTimestamp;
    final String[] evidence = new String[EVIDENCE_KEPT];
    int evidenceCount;

    void clear() {
        buildId = null;
        outcome = null;
        category = null;
        fault = null;
        signature = null;
        firstTimestamp = null;
        lastTimestamp = null;
        evidenceCount = 0;
    }

    /** When the build ended (its last line), else when it started; null if neither is known. */
    String time() {
        return lastTimestamp != null ? lastTimestamp : firstTimestamp;
    }
}
