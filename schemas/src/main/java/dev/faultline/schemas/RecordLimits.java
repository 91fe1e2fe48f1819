package dev.faultline.schemas;

/**
 * What a record from outside may hold, checked where it enters the job: every build ID becomes a
 * Kafka key, a RocksDB key and part of every verdict and alert about its build, and every event
 * field that reaches a verdict is written out again, so neither may be as large as a producer
 * likes.
 */
public final class RecordLimits {
    /** Longest build ID accepted; real ones (UUIDs, CI run numbers, paths) are far shorter. */
    public static final int MAX_BUILD_ID_CHARS = 256;

    /** Longest value of an event field that reaches the verdict (worker, account, repo, ...). */
    public static final int MAX_EVENT_FIELD_CHARS = 1024;

    private RecordLimits() {}

    /**
     * Why {@code buildId} cannot be used as a key, or null when it can: 1 to {@value
     * #MAX_BUILD_ID_CHARS} characters, none of them whitespace or control characters (they would
     * break the file names, log lines and dashboards that show it).
     */
    public static String buildIdProblem(String buildId) {
        if (buildId == null || buildId.isEmpty()) {
            return "no build ID";
        }
        if (buildId.length() > MAX_BUILD_ID_CHARS) {
            return "build ID of "
                    + buildId.length()
                    + " characters (at most "
                    + MAX_BUILD_ID_CHARS
                    + ")";
        }
        for (int i = 0; i < buildId.length(); i++) {
            char c = buildId.charAt(i);
            if (c > ' ' && c < 0x7f) {
                continue; // printable ASCII, as in nearly every ID: none of the classes below
            }
            if (Character.isISOControl(c)
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return "build ID holds a whitespace or control character at index " + i;
            }
        }
        return null;
    }

    /** Throws the dead-letter reason {@code invalid-build-id} when the ID cannot be used. */
    public static void checkBuildId(String buildId) throws RecordException {
        String problem = buildIdProblem(buildId);
        if (problem != null) {
            throw new RecordException("invalid-build-id", problem);
        }
    }

    /** Throws {@code field-too-long} when {@code value} is over {@value #MAX_EVENT_FIELD_CHARS}. */
    public static void checkEventField(String name, String value) throws RecordException {
        if (value != null && value.length() > MAX_EVENT_FIELD_CHARS) {
            throw new RecordException(
                    "field-too-long",
                    name
                            + " has "
                            + value.length()
                            + " characters (at most "
                            + MAX_EVENT_FIELD_CHARS
                            + ")");
        }
    }
}
