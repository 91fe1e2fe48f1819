package dev.faultline.operators.catalog;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled line rule from the catalog: required literals (for the prefilter) and an optional
 * confirming regex. Immutable and serializable so it can travel inside Flink functions.
 */
public final class LineRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Characters the confirming regex may read per line: ~50x a 4 KB line, far above any sane
     * match.
     */
    static final long REGEX_BUDGET = 200_000;

    public final int index;
    public final String id;
    public final RuleKind kind;

    /** Lower-cased required literals; a line must contain at least one of them. */
    public final String[] literals;

    public final Pattern pattern;
    public final String stage;
    public final String step;
    public final String end;

    /** The step boundary a marker line is, or null (see {@link Boundary}). */
    public final Boundary block;

    public final String category;
    public final String fault;
    public final Severity severity;
    public final String summary;

    /** For sequence steps: the owning sequence and this step's position (0-based). */
    public final String sequenceId;

    public final int stepIndex;
    public final int maxLines;
    public final int maxSeconds;

    /**
     * Literals as written, when they must occur case-sensitively (see {@code caseSensitive}); else
     * null.
     */
    public final String[] exactLiterals;

    /** Advice, docs and retry of a signature; {@link Remedy#NONE} for other rules. */
    public final Remedy remedy;

    LineRule(
            int index,
            String id,
            RuleKind kind,
            String[] literals,
            Pattern pattern,
            String stage,
            String step,
            String end,
            Boundary block,
            String category,
            String fault,
            Severity severity,
            String summary,
            String sequenceId,
            int stepIndex,
            int maxLines,
            int maxSeconds,
            String[] exactLiterals,
            Remedy remedy) {
        this.index = index;
        this.id = id;
        this.kind = kind;
        this.literals = literals;
        this.pattern = pattern;
        this.stage = stage;
        this.step = step;
        this.end = end;
        this.block = block;
        this.category = category;
        this.fault = fault;
        this.severity = severity;
        this.summary = summary;
        this.sequenceId = sequenceId;
        this.stepIndex = stepIndex;
        this.maxLines = maxLines;
        this.maxSeconds = maxSeconds;
        this.exactLiterals = exactLiterals;
        this.remedy = remedy;
    }

    /**
     * {@link Confirmer#confirm} with a confirmer of its own, for one-off checks (catalog
     * validation); a tagger keeps one confirmer per rule instead.
     */
    public Matcher confirm(String text) {
        return confirmer().confirm(text);
    }

    /**
     * Confirms this rule on one line after another with one reused {@link Matcher}: a tagger
     * confirms millions of candidate lines, and a fresh matcher (with its group arrays) for each
     * was a large share of the backfill's garbage. Not thread-safe: each tagger holds its own.
     */
    public Confirmer confirmer() {
        return new Confirmer(this);
    }

    /**
     * See {@link #confirmer()}. A returned matcher is valid until the next {@link #confirm} call.
     */
    public static final class Confirmer {
        private final LineRule rule;
        private final BoundedCharSequence input = new BoundedCharSequence("", 0);
        private Matcher matcher;

        private Confirmer(LineRule rule) {
            this.rule = rule;
        }

        /**
         * Confirms the rule on a line whose literal the prefilter already found. Returns the
         * matcher (for summary groups), {@link #LITERAL_ONLY} for literal-only rules, or null when
         * it does not match.
         *
         * @throws RegexBudgetExceededException when the regex reads too much of the line
         */
        public Matcher confirm(String text) {
            if (rule.exactLiterals != null && !containsAny(text, rule.exactLiterals)) {
                return null;
            }
            if (rule.pattern == null) {
                return LITERAL_ONLY;
            }
            input.reset(text, REGEX_BUDGET);
            matcher = matcher == null ? rule.pattern.matcher(input) : matcher.reset(input);
            return matcher.find() ? matcher : null;
        }
    }

    private static boolean containsAny(String text, String[] literals) {
        for (String literal : literals) {
            if (text.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renders the summary template with the match's groups: {@code {name}}, {@code {0}}, {@code
     * {1}}. A group that took no part in the match renders as nothing, and the punctuation left
     * dangling at the end ("reason: ") is trimmed.
     */
    public String renderSummary(Matcher m) {
        if (summary == null) {
            return null;
        }
        if (m == null || m == LITERAL_ONLY || summary.indexOf('{') < 0) {
            return summary;
        }
        StringBuilder out = new StringBuilder(summary.length() + 32);
        int i = 0;
        while (i < summary.length()) {
            char c = summary.charAt(i);
            int close = c == '{' ? summary.indexOf('}', i) : -1;
            if (close > i + 1) {
                String name = summary.substring(i + 1, close);
                if (hasGroup(m, name)) {
                    String value = group(m, name);
                    out.append(value == null ? "" : clip(value.strip()));
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return trimDangling(out);
    }

    /**
     * Trims the punctuation left dangling at the end ("reason: "). A hand-written loop: the regex
     * it replaces ({@code [\s:;,(-]+$}) retried its run from every position, quadratic on a long
     * run of spaces.
     */
    private static String trimDangling(StringBuilder out) {
        int end = out.length();
        while (end > 0 && isDangling(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end);
    }

    private static boolean isDangling(char c) {
        return " \t\n\u000B\f\r:;,(-".indexOf(c) >= 0; // what the regex's \\s and class held
    }

    private static boolean hasGroup(Matcher m, String name) {
        if (Character.isDigit(name.charAt(0))) {
            try {
                return Integer.parseInt(name) <= m.groupCount();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        try {
            m.group(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // no group of that name: leave the braces as written
        }
    }

    private static String group(Matcher m, String name) {
        return Character.isDigit(name.charAt(0)) ? m.group(Integer.parseInt(name)) : m.group(name);
    }

    /** A summary quotes at most this much of one group; the evidence holds the whole line. */
    static final int MAX_GROUP_CHARS = 500;

    private static String clip(String value) {
        return value.length() <= MAX_GROUP_CHARS
                ? value
                : value.substring(0, MAX_GROUP_CHARS - 1) + "\u2026";
    }

    /** Stand-in matcher for rules without a regex. */
    public static final Matcher LITERAL_ONLY = Pattern.compile("").matcher("");

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
