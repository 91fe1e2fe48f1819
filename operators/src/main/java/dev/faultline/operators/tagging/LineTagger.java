package dev.faultline.operators.tagging;

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
        scanner = new LiteralScanner(literals, payloads.stream().mapToInt(Integer::intValue).toArray());
        confirmers = new LineRule.Confirmer[rules.length];
        mark = new int[rules.length];
        candidates = new int[rules.length];
    }

    /** How many times a regex ran out of budget (the line then counts as not matching that rule). */
    public long regexBudgetExceeded() {
        return regexBudgetExceeded;
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
        // Nearly every line is one plain segment: it is scanned in place (a CRLF log's trailing '\r' is
        // not copied off) and cut out only when something is on it, as on one line in ten.
        if (LineNormalizer.isPlain(raw)) {
            int end = LineNormalizer.textEnd(raw);
            scanSegment(raw, end);
            if (candidateCount > 0 || score > 0) {
                apply(t, end == raw.length() ? raw : raw.substring(0, end));
            }
        } else {
            for (String segment : LineNormalizer.segments(raw)) {
                scanSegment(segment, segment.length());
                apply(t, segment);
            }
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

    /** Confirms the candidates the scan of {@code segment} found and records what matched on {@code t}. */
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

    /** Scans {@code segment[0, end)}: candidates and error-word score of this segment. */
    private void scanSegment(String segment, int end) {
        candidateCount = 0;
        score = 0;
        // A new generation forgets every mark at once, instead of clearing the arrays per segment.
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            java.util.Arrays.fill(wordSeen, 0);
            generation = 1;
        }
        scanner.scan(segment, 0, end, this::found);
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
