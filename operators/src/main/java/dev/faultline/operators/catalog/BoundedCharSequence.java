package dev.faultline.operators.catalog;

/**
 * A {@link CharSequence} that allows only a fixed number of character reads. java.util.regex reads
 * the input through {@link #charAt}, so a regex that backtracks catastrophically on some line hits
 * the budget and fails fast with {@link RegexBudgetExceededException} instead of stalling the job.
 */
final class BoundedCharSequence implements CharSequence {
    private String text;
    private int offset;
    private int length;
    private final long[] budget;

    BoundedCharSequence(String text, long budget) {
        this(text, 0, text.length(), new long[] {budget});
    }

    private BoundedCharSequence(String text, int offset, int length, long[] budget) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.budget = budget;
    }

    /** Starts over on {@code text} with a new budget (a reused matcher's input). */
    void reset(String text, long budget) {
        this.text = text;
        this.offset = 0;
        this.length = text.length();
        this.budget[0] = budget;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new RegexBudgetExceededException();
        }
        return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedCharSequence(text, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
