package dev.faultline.operators.verdict;

/**
 * A line's shape: its first word with digits masked ({@code [-]}, {@code FAIL:}, {@code
 * src/app.ts(0,0):}), hashed. A test runner or linter prints every finding in one shape, and the
 * first line of a shape is the one a person reads as the cause; the later ones repeat it.
 */
final class LineShape {
    /**
     * Characters of the first word that count: enough to tell apart, short enough to group paths.
     */
    static final int CHARS = 24;

    private LineShape() {}

    static int hash(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int h = 1;
        for (int k = 0; i < n && k < CHARS; i++, k++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                break;
            }
            h = 31 * h + (c >= '0' && c <= '9' ? '0' : c);
        }
        return h;
    }
}
