package dev.faultline.schemas;

/** Sample records shared by the schemas tests. */
final class Fixtures {
    private Fixtures() {}

    static LogLine logLine() {
        return new LogLine(
                "b-1", 12, "2024-05-01T10:00:00.123Z", "npm ERR! Missing script: \"build\"\r");
    }

    static BuildEvent failedEvent() {
        BuildEvent e = new BuildEvent();
        e.type = BuildEvent.FAILED;
        e.source = new BuildEvent.Source();
        e.source.type = "workersBuilds.worker";
        e.source.workerName = "my-worker";
        e.payload = new BuildEvent.Payload();
        e.payload.buildUuid = "b-1";
        e.payload.status = "stopped";
        e.payload.buildOutcome = "failure";
        e.payload.createdAt = "2024-05-01T09:59:00Z";
        e.payload.initializingAt = "2024-05-01T09:59:05Z";
        e.payload.runningAt = "2024-05-01T09:59:10Z";
        e.payload.stoppedAt = "2024-05-01T10:01:00Z";
        e.payload.buildTriggerMetadata = new BuildEvent.TriggerMetadata();
        e.payload.buildTriggerMetadata.buildTriggerSource = "push_event";
        e.payload.buildTriggerMetadata.branch = "main";
        e.payload.buildTriggerMetadata.commitHash = "0123456789abcdef";
        e.payload.buildTriggerMetadata.commitMessage = "fix: things";
        e.payload.buildTriggerMetadata.author = "someone";
        e.payload.buildTriggerMetadata.buildCommand = "npm run build";
        e.payload.buildTriggerMetadata.deployCommand = "npx wrangler deploy";
        e.payload.buildTriggerMetadata.rootDirectory = "/";
        e.payload.buildTriggerMetadata.repoName = "site";
        e.payload.buildTriggerMetadata.providerAccountName = "acme";
        e.payload.buildTriggerMetadata.providerType = "github";
        e.metadata = new BuildEvent.Metadata();
        e.metadata.accountId = "acc-1";
        e.metadata.eventSubscriptionId = "sub-1";
        e.metadata.eventSchemaVersion = 1;
        e.metadata.eventTimestamp = "2024-05-01T10:01:00.5Z";
        return e;
    }

    static BuildVerdict failureVerdict() {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-1";
        v.outcome = BuildVerdict.FAILURE;
        v.category = "build_command";
        v.stage = "build";
        v.fault = "user";
        v.signature = "npm-missing-script";
        v.summary = "npm script build is missing";
        v.advice = "Add the script to package.json, or change the build command to one it has.";
        v.docs = "https://docs.npmjs.com/cli/v10/using-npm/scripts";
        v.retry = false;
        v.retryReason = "user fault: the build's own code or configuration has to change first";
        v.evidence =
                new Evidence[] {
                    new Evidence(12, "npm ERR! Missing script: \"build\""),
                    new Evidence(13, "exit 1")
                };
        v.lines = 40;
        v.decidedBy = "log";
        v.workerName = "my-worker";
        v.accountId = "acc-1";
        v.repoName = "site";
        v.branch = "main";
        v.commitHash = "0123456789abcdef";
        v.firstTimestamp = "2024-05-01T09:59:10Z";
        v.lastTimestamp = "2024-05-01T10:01:00Z";
        return v;
    }

    static BuildVerdict successVerdict() {
        BuildVerdict v = new BuildVerdict();
        v.buildId = "b-2";
        v.outcome = BuildVerdict.SUCCESS;
        v.summary = "Build succeeded";
        v.evidence = new Evidence[0];
        v.lines = 120;
        v.decidedBy = "end-of-input";
        return v;
    }

    static Alert firingAlert() {
        Alert a = new Alert();
        a.dedupKey = "faultline/platform-failure-spike/clone/git.could-not-resolve-host";
        a.status = Alert.FIRING;
        a.kind = Alert.PLATFORM_SPIKE;
        a.severity = "critical";
        a.urgency = "high";
        a.summary =
                "Platform clone failures: 20 of 120 builds (17%) in 5m, git: could not resolve the git host (DNS)";
        a.category = "clone";
        a.signature = "git.could-not-resolve-host";
        a.stage = "clone";
        a.fault = "platform";
        a.failures = 20;
        a.builds = 120;
        a.share = 20 / 120.0;
        a.peakFailures = 20;
        a.windowStart = "2025-06-18T12:35:00Z";
        a.windowEnd = "2025-06-18T12:40:00Z";
        a.firstSeen = "2025-06-18T12:35:12.001Z";
        a.lastSeen = "2025-06-18T12:39:50.269Z";
        a.startsAt = "2025-06-18T12:40:00Z";
        a.revision = 1;
        AlertExample e = new AlertExample();
        e.buildId = "b-1";
        e.workerName = "my-worker";
        e.stage = "clone";
        e.signature = a.signature;
        e.summary = "git: could not resolve the git host (DNS)";
        e.endedAt = a.lastSeen;
        e.evidence =
                new Evidence[] {
                    new Evidence(
                            4,
                            "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com")
                };
        a.examples = new AlertExample[] {e};
        return a;
    }

    static DeadLetter deadLetter() {
        DeadLetter d =
                new DeadLetter("invalid-json", "Unexpected character", "build-logs", "0:42", "b-1");
        d.originalBase64 = "eyJidWlsZElkIjo=";
        return d;
    }
}
