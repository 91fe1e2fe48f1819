package dev.faultline.operators.catalog;

/**
 * A regex read more characters than its budget allows on one line; the line counts as not matching.
 */
public class RegexBudgetExceededException extends RuntimeException {
    public RegexBudgetExceededException() {
        super("regex step budget exceeded", null, false, false);
    }
}
