package dev.faultline.operators.rank;

/**
 * What the line ranker reads of a candidate, as hashed sparse features. Every feature is general,
 * none is a project's wording: the catalog's verdict on the line (severity, first of its severity),
 * generic error words, the line's words and first word (hashed), where it stands relative to the
 * failing step's end, its layout (indentation, length, a trailing colon, a stack frame, red or
 * bold), and whether it is the first line of its shape. A model is only valid for the {@link
 * #FEATURE_SET} it was trained on.
 */
public final class RankerFeatures {
    /** Bumped whenever a feature changes meaning; a model of another set is refused at start-up. */
    public static final int FEATURE_SET = 1;

    private static final int MAX_TOKENS = 48;
    private static final int TOKEN_CHARS = 24;
    private static final int FIRST_WORD_CHARS = 20;
    private static final int[] DISTANCE_BINS = {1, 2, 3, 5, 10, 20, 40, 100, 300};

    private static final int BIAS = hash("bias");
    private static final int[] SEVERITY = {hash("sev0"), hash("sev1"), hash("sev2"), hash("sev3")};
    private static final int[] FIRST_OF_SEVERITY = {
        hash("firstSev0"), hash("firstSev1"), hash("firstSev2"), hash("firstSev3")
    };
    private static final int ERROR_SCORE = hash("errorScore");
    private static final int FIRST_ERROR_LINE = hash("firstErrorLine");
    private static final int AT_END = hash("atEnd");
    private static final int[] DISTANCE = new int[DISTANCE_BINS.length + 1];
    private static final int LOG_DISTANCE = hash("logDistance");
    private static final int IN_BLOCK = hash("inBlock");
    private static final int[] INDENT = new int[5];
    private static final int[] LENGTH = new int[6];
    private static final int EMPHASIZED = hash("emphasized");
    private static final int ENDS_WITH_COLON = hash("endsWithColon");
    private static final int STACK_FRAME = hash("stackFrame");
    private static final int TAIL_ONLY = hash("tailOnly");
    private static final int FIRST_OF_SHAPE = hash("firstOfShape");
    private static final int[] SHAPE_COUNT = new int[6];
    private static final char TOKEN = 't';
    private static final char FIRST_WORD = 'w';

    static {
        for (int i = 0; i < DISTANCE.length; i++) {
            DISTANCE[i] = hash("distance" + i);
        }
        for (int i = 0; i < INDENT.length; i++) {
            INDENT[i] = hash("indent" + i);
        }
        for (int i = 0; i < LENGTH.length; i++) {
            LENGTH[i] = hash("length" + i);
        }
        for (int i = 0; i < SHAPE_COUNT.length; i++) {
            SHAPE_COUNT[i] = hash("shapeCount" + i);
        }
    }

    /** Kinds of features, which training can leave out to measure what each contributes. */
    public enum Group {
        /**
         * The catalog's verdict on the line: severity of its strongest hit, the first of that
         * severity.
         */
        CATALOG,
        /** Generic error words: their score, the first error-like line. */
        ERROR_WORDS,
        /**
         * Where the line stands: distance to the failing step's end, inside that step's block or
         * not.
         */
        POSITION,
        /** Indentation, length, a trailing colon, a stack frame, red or bold. */
        LAYOUT,
        /** The first line of its shape, and how many lines share the shape. */
        SHAPE,
        /** The line's words and its first word, hashed. */
        WORDS
    }

    private final int mask;
    private final java.util.Set<Group> off;
    private final int[] seenTokens = new int[MAX_TOKENS];

    /**
     * @param bits the hashed feature space has {@code 2^bits} entries
     */
    public RankerFeatures(int bits) {
        this(bits, java.util.EnumSet.noneOf(Group.class));
    }

    /** Without the features of the groups in {@code off} (for measuring what each group buys). */
    public RankerFeatures(int bits, java.util.Set<Group> off) {
        this.mask = (1 << bits) - 1;
        this.off =
                off.isEmpty()
                        ? java.util.EnumSet.noneOf(Group.class)
                        : java.util.EnumSet.copyOf(off);
    }

    /** Fills {@code out} with the features of {@code c} in {@code set}. */
    public void extract(Candidate c, CandidateSet set, FeatureVector out) {
        out.clear();
        String text = c.text == null ? "" : c.text;
        add(out, BIAS, 1);
        int indent = 0;
        while (indent < text.length() && Character.isWhitespace(text.charAt(indent))) {
            indent++;
        }
        if (!off.contains(Group.CATALOG)) {
            int severity = Math.max(0, Math.min(c.severity, SEVERITY.length - 1));
            add(out, SEVERITY[severity], 1);
            if (severity > 0 && c.firstOfSeverity) {
                add(out, FIRST_OF_SEVERITY[severity], 1);
            }
        }
        if (!off.contains(Group.ERROR_WORDS)) {
            add(out, ERROR_SCORE, Math.min(Math.max(c.errorScore, 0), 6) / 6f);
            if (c.firstErrorLine) {
                add(out, FIRST_ERROR_LINE, 1);
            }
        }
        if (!off.contains(Group.POSITION)) {
            position(c, set, out);
        }
        if (!off.contains(Group.LAYOUT)) {
            add(out, INDENT[Math.min(indent, 8) / 2], 1);
            add(out, LENGTH[Math.min(text.length(), 200) / 40], 1);
            if (c.emphasized) {
                add(out, EMPHASIZED, 1);
            }
            if (endsWithColon(text)) {
                add(out, ENDS_WITH_COLON, 1);
            }
            if (isStackFrame(text, indent)) {
                add(out, STACK_FRAME, 1);
            }
        }
        if (!off.contains(Group.SHAPE)) {
            if (!c.errorLike) {
                add(out, TAIL_ONLY, 1);
            } else {
                if (c.shapeOrdinal == 0) {
                    add(out, FIRST_OF_SHAPE, 1);
                }
                int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(1, c.shapeCount));
                add(out, SHAPE_COUNT[Math.min(log2, SHAPE_COUNT.length - 1)], 1);
            }
        }
        if (!off.contains(Group.WORDS)) {
            firstWord(text, indent, out);
            tokens(text, out);
        }
    }

    /** How far the line is from the failing step's end, and whether it is inside that step. */
    private void position(Candidate c, CandidateSet set, FeatureVector out) {
        long end = set.end();
        long d = end - c.line;
        if (d <= 0) {
            add(out, AT_END, 1);
        } else {
            int bin = 0;
            while (bin < DISTANCE_BINS.length && d > DISTANCE_BINS[bin]) {
                bin++;
            }
            add(out, DISTANCE[bin], 1);
            add(out, LOG_DISTANCE, (float) (Math.log1p(d) / 8));
        }
        if (set.blockStart < c.line && c.line < end) {
            add(out, IN_BLOCK, 1);
        }
    }

    private void add(FeatureVector out, int hash, float value) {
        // FNV's low bits mix poorly; murmur3's finalizer spreads them over the table.
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        out.add(h & mask, value);
    }

    /**
     * The first word, lower-cased, digits masked: {@code npm}, {@code [error]}, {@code fail:},
     * {@code 0)}.
     */
    private void firstWord(String text, int from, FeatureVector out) {
        if (from >= text.length()) {
            return;
        }
        int h = start(FIRST_WORD);
        for (int i = from, k = 0; i < text.length() && k < FIRST_WORD_CHARS; i++, k++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                break;
            }
            h = mix(h, c >= '0' && c <= '9' ? '0' : lower(c));
        }
        add(out, h, 1);
    }

    /**
     * Each distinct word of two or more letters, lower-cased: {@code expected}, {@code undefined},
     * {@code assert}.
     */
    private void tokens(String text, FeatureVector out) {
        int seen = 0;
        int n = text.length();
        int i = 0;
        while (i < n && seen < MAX_TOKENS) {
            char c = lower(text.charAt(i));
            if (c < 'a' || c > 'z') {
                i++;
                continue;
            }
            int h = start(TOKEN);
            int len = 0;
            while (i < n) {
                char d = lower(text.charAt(i));
                if ((d < 'a' || d > 'z') && d != '_') {
                    break;
                }
                if (len < TOKEN_CHARS) {
                    h = mix(h, d);
                }
                len++;
                i++;
            }
            if (len < 2 || contains(seenTokens, seen, h)) {
                continue;
            }
            seenTokens[seen++] = h;
            add(out, h, 1);
        }
    }

    /**
     * ASCII letters lower-cased; every other character as it is (only ASCII letters make words).
     */
    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithColon(String text) {
        int i = text.length() - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && text.charAt(i) == ':';
    }

    /**
     * {@code at foo(Bar.java:12)}, {@code [error] at ...}: a stack frame, which completes a cause
     * but seldom is one.
     */
    public static boolean isStackFrame(String text, int from) {
        int i = from;
        if (i < text.length() && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) {
                return false;
            }
            i = close + 1;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        return text.startsWith("at", i)
                && i + 2 < text.length()
                && Character.isWhitespace(text.charAt(i + 2));
    }

    /** FNV-1a over a name: the hash named features are looked up by. */
    static int hash(String name) {
        int h = start('n');
        for (int i = 0; i < name.length(); i++) {
            h = mix(h, name.charAt(i));
        }
        return h;
    }

    private static int start(char namespace) {
        return mix(0x811c9dc5, namespace);
    }

    private static int mix(int h, char c) {
        return (h ^ c) * 0x01000193;
    }
}
