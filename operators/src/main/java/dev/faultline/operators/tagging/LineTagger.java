package dev.faultline.operators.tagging;

import dev.faultline.operators.catalog.Boundary;
import dev.faultline.operators.catalog.LineRule;
import dev.faultline.operators.catalog.RegexBudgetExceededException;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.Hit;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Tags one line with everything the catalog knows about it, in one pass: a single Aho–Corasick scan
 * finds every rule literal and error word, and only the rules whose literal occurs run their regex.
 *
 * <p>Not thread-safe (it reuses scratch arrays); each Flink subtask owns one.
 */
public final class LineTagger {
    /** Longest text tagged and kept as evidence; the rest of a giant line is not looked at. */
    public static final int MAX_TAGGED_CHARS = 8192;

    private final LineRule[] rules;

    /** One reusable matcher per rule, made when the rule is first a candidate. */
    private final LineRule.Confirmer[] confirmers;

    private final LiteralScanner scanner;
    private final int[] mark;
    private int generation = 1;
    private final int[] candidates;
    private int candidateCount;

    /** Error words counted in the current segment: the segment's {@link #generation} marks them. */
    private final int[] wordSeen = new int[ErrorWords.WORDS.size()];

    private int score;

    /** What the line being tagged has collected so far (see {@link #tag}). */
    private List<Hit> hits;

    private List<String> steps;
    private String hitText;
    private int bestScore;
    private String scoreText;
    private long regexBudgetExceeded;
    private long regexStackOverflows;
    private final LiteralScanner.Sink sink = this::found;

    public LineTagger(SignatureCatalog catalog) {
        List<LineRule> list = catalog.rules();
        rules = list.toArray(new LineRule[0]);
        List<String> literals = new ArrayList<>();
        List<Integer> payloads = new ArrayList<>();
        for (LineRule r : rules) {
            for (String lit : r.literals) {
                literals.add(lit);
                payloads.add(r.index);
            }
        }
        for (int w = 0; w < ErrorWords.WORDS.size(); w++) {
            literals.add(ErrorWords.WORDS.get(w));
            payloads.add(-(w + 1));
        }
        scanner =
                new LiteralScanner(
                        literals, payloads.stream().mapToInt(Integer::intValue).toArray());
        confirmers = new LineRule.Confirmer[rules.length];
        mark = new int[rules.length];
        candidates = new int[rules.length];
    }

    /**
     * How many times a regex ran out of budget (the line then counts as not matching that rule).
     */
    public long regexBudgetExceeded() {
        return regexBudgetExceeded;
    }

    /**
     * How many times a regex overflowed the stack (the line then counts as not matching that rule).
     * The catalog loader refuses the regex shapes known to do this; a user catalog loaded without
     * that check, or a shape it does not know, must still cost one rule on one line, not the job.
     */
    public long regexStackOverflows() {
        return regexStackOverflows;
    }

    public TaggedLine tag(LogLine line) {
        TaggedLine t = new TaggedLine();
        t.buildId = line.buildId;
        t.seq = line.seq;
        t.timestamp = line.timestamp;
        String raw = line.text == null ? "" : line.text;
        if (raw.length() > MAX_TAGGED_CHARS) {
            raw = raw.substring(0, MAX_TAGGED_CHARS);
        }
        hits = null;
        steps = null;
        hitText = null;
        bestScore = 0;
        scoreText = null;
        // Nearly every line is one plain segment: it is scanned in place (a CRLF log's trailing
        // '\r' is not copied off) and cut out only when something is on it, as on one line in ten.
        if (LineNormalizer.isPlain(raw)) {
            int end = LineNormalizer.textEnd(raw);
            scanSegment(raw, end);
            if (candidateCount > 0 || score > 0) {
                apply(t, end == raw.length() ? raw : raw.substring(0, end));
            }
        } else {
            tagDisplayed(t, raw, LineNormalizer.textEnd(raw));
            t.emphasized = (hitText != null || bestScore > 0) && LineNormalizer.emphasized(raw);
        }
        t.errorScore = bestScore;
        if (hits != null) {
            t.hits = hits.toArray(new Hit[0]);
        }
        if (steps != null) {
            t.steps = steps.toArray(new String[0]);
        }
        if (hitText != null) {
            t.text = hitText;
        } else if (bestScore > 0) {
            t.text = scoreText;
        }
        return t;
    }

    /**
     * Confirms the candidates the scan of {@code segment} found and records what matched on {@code
     * t}.
     */
    private void apply(TaggedLine t, String segment) {
        if (score > bestScore) {
            bestScore = score;
            scoreText = segment;
        }
        // Catalog order: when several signatures match one line, the one listed first is the more
        // specific (a tool's own format before a generic "Error:"), and ranking keeps that order.
        java.util.Arrays.sort(candidates, 0, candidateCount);
        for (int c = 0; c < candidateCount; c++) {
            LineRule rule = rules[candidates[c]];
            Matcher m;
            try {
                LineRule.Confirmer confirmer = confirmers[rule.index];
                if (confirmer == null) {
                    confirmer = confirmers[rule.index] = rule.confirmer();
                }
                m = confirmer.confirm(segment);
            } catch (RegexBudgetExceededException e) {
                regexBudgetExceeded++;
                continue;
            } catch (StackOverflowError e) {
                // The stack unwound to here, so the thread is usable again; only this rule's
                // matcher may hold a half-finished state, and it is reset on its next use.
                regexStackOverflows++;
                continue;
            }
            if (m == null) {
                continue;
            }
            hitText = hitText == null ? segment : hitText;
            switch (rule.kind) {
                case MARKER:
                    t.stage = rule.stage != null ? rule.stage : t.stage;
                    t.step = rule.step != null ? rule.step : t.step;
                    t.end = rule.end != null ? rule.end : t.end;
                    if (rule.block != null) {
                        t.boundary =
                                rule.block == Boundary.FAILED
                                        ? TaggedLine.BLOCK_FAILED
                                        : TaggedLine.BLOCK_START;
                    }
                    break;
                case SIGNATURE:
                    hits = hits == null ? new ArrayList<>(2) : hits;
                    hits.add(new Hit(rule.id, rule.renderSummary(m)));
                    break;
                case SEQUENCE_STEP:
                    steps = steps == null ? new ArrayList<>(2) : steps;
                    steps.add(rule.sequenceId + "#" + (rule.stepIndex + 1));
                    break;
                case SEQUENCE_NOT:
                    steps = steps == null ? new ArrayList<>(2) : steps;
                    steps.add(rule.sequenceId + "#not");
                    break;
                default:
                    throw new IllegalStateException("unknown rule kind " + rule.kind);
            }
        }
    }

    /**
     * Tags {@code raw[0, end)}, a line with colour codes or carriage returns, where it lies,
     * segment by segment as {@link LineNormalizer#segments} shows it: escape sequences are stepped
     * over (the scan carries its state across them, so a literal split by a colour code is still
     * found), each CR starts a new segment, and a segment is cut out and stripped only when its
     * scan found something. A third of a real CI log's lines carry colour codes and its progress
     * bars hold a third of its characters; copying each such line twice (stripped, then split)
     * before scanning it took a third of tagging.
     */
    private void tagDisplayed(TaggedLine t, String raw, int end) {
        int segmentStart = 0;
        int i = 0;
        int state = 0;
        int esc = LineNormalizer.nextEscape(raw, 0, end);
        int cr = LineNormalizer.nextCr(raw, 0, end);
        startSegment();
        while (true) {
            int stop = Math.min(esc, cr);
            state = scanner.scan(raw, i, stop, state, sink);
            if (stop == end) {
                break;
            }
            if (stop == cr) {
                endSegment(t, raw, segmentStart, cr);
                segmentStart = i = cr + 1;
                state = 0;
                startSegment();
                cr = LineNormalizer.nextCr(raw, i, end);
            } else {
                i = LineNormalizer.escapeEnd(raw, esc, end);
                if (i >= end) {
                    break;
                }
                esc = LineNormalizer.nextEscape(raw, i, end);
                if (cr < i) {
                    cr =
                            LineNormalizer.nextCr(
                                    raw, i, end); // that CR was inside the sequence, which hid it
                }
            }
        }
        endSegment(t, raw, segmentStart, end);
    }

    /**
     * Applies the segment {@code raw[from, to)} just scanned, unless it found nothing or shows
     * nothing.
     */
    private void endSegment(TaggedLine t, String raw, int from, int to) {
        if (candidateCount == 0 && score == 0) {
            return;
        }
        String segment = LineNormalizer.stripAnsi(raw, from, to);
        if (!segment.isBlank()) {
            apply(t, segment);
        }
    }

    /** Scans {@code segment[0, end)}: candidates and error-word score of this segment. */
    private void scanSegment(String segment, int end) {
        startSegment();
        scanner.scan(segment, 0, end, 0, sink);
    }

    /** Forgets the previous segment's candidates and score. */
    private void startSegment() {
        candidateCount = 0;
        score = 0;
        // A new generation forgets every mark at once, instead of clearing the arrays per segment.
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            java.util.Arrays.fill(wordSeen, 0);
            generation = 1;
        }
    }

    private void found(int payload) {
        if (payload >= 0) {
            if (mark[payload] != generation) {
                mark[payload] = generation;
                candidates[candidateCount++] = payload;
            }
        } else {
            int w = -payload - 1;
            if (wordSeen[w] != generation) {
                wordSeen[w] = generation;
                score += ErrorWords.WEIGHTS[w];
            }
        }
    }
}
