package dev.faultline.operators.catalog;

import java.util.Locale;

/**
 * A marker line that bounds a step of the CI system's own, whatever the tools inside it print: the
 * output between the last {@link #START} and the first {@link #FAILED} end is the failing step's
 * block, where the cause of a failure is looked for first.
 */
public enum Boundary {
    /**
     * A step begins: {@code $ npm test} (Travis, GitLab), {@code ##[group]Run npm test} (GitHub
     * Actions).
     */
    START,
    /**
     * A step ended in failure: {@code The command "npm test" exited with 1.}, an exit code line.
     */
    FAILED;

    public static Boundary parse(String s) {
        return Boundary.valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
