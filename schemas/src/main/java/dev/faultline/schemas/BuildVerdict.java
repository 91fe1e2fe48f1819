package dev.faultline.schemas;

/**
 * The one decision Faultline makes per finished build: what failed, at which step, and whose fault
 * it was. Serialized as one JSON object per build ({@code schemas/build-verdict.schema.json}).
 */
public class BuildVerdict {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String CANCELED = "canceled";
    public static final String UNKNOWN = "unknown";

    public String buildId;

    /** {@code success|failure|canceled|unknown}. */
    public String outcome;

    /**
     * What failed ({@code clone}, {@code build_command}, …); null unless the outcome is failure.
     */
    public String category;

    /**
     * The step the build was in when it failed ({@code init|clone|install|build|deploy}), or null.
     */
    public String stage;

    /** {@code user|platform|unknown}; null unless the outcome is failure. */
    public String fault;

    /** Catalog id of the signature that explains the failure, or null. */
    public String signature;

    /** One human line. */
    public String summary;

    /**
     * What the user should do about {@link #signature}: one sentence from the catalog; null when no
     * signature explains the build or the signature has none.
     */
    public String advice;

    /** A link to the failing tool's documentation of this error, or null. */
    public String docs;

    /**
     * For failures: whether an automatic retry is worth it (a transient platform cause); null for
     * other outcomes.
     */
    public Boolean retry;

    /** Why {@link #retry} is what it is; null when {@link #retry} is. */
    public String retryReason;

    /** The lines that show the cause, the cause first; at most {@link #MAX_EVIDENCE}. */
    public Evidence[] evidence;

    /** Number of log lines seen for this build. */
    public long lines;

    /**
     * What ended the build: {@code log} (an end-of-job line), {@code event}, {@code end-of-input},
     * {@code inactivity}.
     */
    public String decidedBy;

    public String workerName;
    public String accountId;
    public String repoName;
    public String branch;
    public String commitHash;
    public String firstTimestamp;
    public String lastTimestamp;

    public static final int MAX_EVIDENCE = 10;

    public BuildVerdict() {}
}
