package dev.faultline.schemas;

/**
 * A build lifecycle event as the build platform publishes it ({@code
 * cf.workersBuilds.worker.build.*}).
 *
 * <p>Only the fields Faultline uses are modelled; unknown fields are ignored when parsing so that
 * the platform can add fields without breaking the job.
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

    /** When the event happened: its envelope timestamp, else the build's stop time, else null. */
    public String occurredAt() {
        if (metadata != null && metadata.eventTimestamp != null) {
            return metadata.eventTimestamp;
        }
        return payload == null ? null : payload.stoppedAt;
    }

    /** Moves every timestamp of the event by {@code millis} (replays and generated archives). */
    public void shiftTimes(long millis) {
        if (payload != null) {
            payload.createdAt = shifted(payload.createdAt, millis);
            payload.initializingAt = shifted(payload.initializingAt, millis);
            payload.runningAt = shifted(payload.runningAt, millis);
            payload.stoppedAt = shifted(payload.stoppedAt, millis);
        }
        if (metadata != null) {
            metadata.eventTimestamp = shifted(metadata.eventTimestamp, millis);
        }
    }

    private static String shifted(String iso, long millis) {
        long t = Timestamps.parseMillis(iso);
        return t == Timestamps.NONE ? iso : java.time.Instant.ofEpochMilli(t + millis).toString();
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
