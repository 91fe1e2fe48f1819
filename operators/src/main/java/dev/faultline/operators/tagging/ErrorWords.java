package dev.faultline.operators.tagging;

import java.util.List;

/**
 * Generic words that make a line read like an error, with weights. They rank candidate evidence for
 * failures that no signature explains; they never decide a category on their own. Negative entries
 * (such as "0 errors") cancel the words they contain.
 */
final class ErrorWords {
    static final List<String> WORDS =
            List.of(
                    "error",
                    "err!",
                    "fatal",
                    "failed",
                    "failure",
                    "exception",
                    "panic",
                    "traceback",
                    "segmentation fault",
                    "core dumped",
                    "killed",
                    "cannot",
                    "can't",
                    "could not",
                    "couldn't",
                    "unable to",
                    "not found",
                    "denied",
                    "refused",
                    "timed out",
                    "aborted",
                    "exit code",
                    "exited with",
                    "undefined",
                    "invalid",
                    "unexpected",
                    "no such file",
                    "assert",
                    "expected",
                    "fail:",
                    // negative cues
                    "0 errors",
                    "no errors",
                    "0 failed",
                    "failures: 0",
                    "errors: 0",
                    "error-boundary",
                    "warn",
                    "0 problems");
    static final int[] WEIGHTS = {
        3, 3, 3, 2, 2, 2, 3, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2,
        -3, -3, -2, -2, -3, -3, -2, -2
    };

    private ErrorWords() {}
}
