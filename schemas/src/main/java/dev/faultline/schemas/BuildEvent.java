package dev.faultline.schemas;

/**
 * A build lifecycle event as the build platform publishes it ({@code cf.workersBuilds.worker.build.*}).
 *
 * <p>Only the fields Faultline uses are modelled; unknown fields are ignored when parsing so that the
 * platform can add fields without breaking the job.
 */
public class BuildEvent {
    public static final String STARTED = "cf.workersBuilds.worker.build.started";
    public static final String FAILED = "cf.workersBuilds.worker.build.failed";
    public static final String CANCELED = "cf.workersBuilds.worker.build.canceled";
    public static final String SUCCEEDED = "cf.workersBuilds.worker.build.succeeded";

    public String type;
    public Source source;
    public Payload payload;
    public Metadata metadata;

    public BuildEvent() {}

    /** The build this event is about, or null when the payload lacks it. */
    public String buildId() {
        return payload == null ? null : payload.buildUuid;
    }

    /** Who emitted the event. */
    public static class Source {
        public String type;
        public String workerName;

        public Source() {}
    }

    /** The build itself. */
    public static class Payload {
        public String buildUuid;
        public String status;
        /** {@code success|failure|canceled}, or null while the build runs. */
        public String buildOutcome;
        public String createdAt;
        public String initializingAt;
        public String runningAt;
        public String stoppedAt;
        public TriggerMetadata buildTriggerMetadata;

        public Payload() {}
    }

    /** What triggered the build, from the connected repository. */
    public static class TriggerMetadata {
        public String buildTriggerSource;
        public String branch;
        public String commitHash;
        public String commitMessage;
        public String author;
        public String buildCommand;
        public String deployCommand;
        public String rootDirectory;
        public String repoName;
        public String providerAccountName;
        public String providerType;

        public TriggerMetadata() {}
    }

    /** Envelope metadata. */
    public static class Metadata {
        public String accountId;
        public String eventSubscriptionId;
        public Integer eventSchemaVersion;
        public String eventTimestamp;

        public Metadata() {}
    }
}
