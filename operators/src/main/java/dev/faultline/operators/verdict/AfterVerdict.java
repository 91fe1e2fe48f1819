package dev.faultline.operators.verdict;

import dev.faultline.operators.model.BuildSignal;
import dev.faultline.schemas.DeadLetter;

/** The dead letter for a signal that arrived after its build's verdict was emitted. */
final class AfterVerdict {
    private AfterVerdict() {}

    static DeadLetter of(BuildSignal signal) {
        String what;
        if (signal.event != null) {
            what = "build event " + signal.event.type;
        } else if (signal.match != null) {
            what = "sequence match " + signal.match.sequenceId;
        } else {
            what = "end of log";
        }
        return of(signal.buildId, what, null);
    }

    static DeadLetter ofLine(String buildId, long seq) {
        return of(buildId, "log line", Long.toString(seq));
    }

    private static DeadLetter of(String buildId, String what, String position) {
        return new DeadLetter(
                "after-verdict",
                what + " arrived after the build's verdict was emitted; the verdict is not revised",
                "graph",
                position,
                buildId);
    }
}
