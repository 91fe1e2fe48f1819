package dev.faultline.operators.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.schemas.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a YAML signature catalog. Every problem is reported at start-up as a {@link
 * CatalogException} naming the rule and the reason: unknown fields, missing literals, regexes that
 * do not compile, literals the regex cannot contain, examples that do not match.
 */
public final class CatalogLoader {
    /** The catalog shipped in the jar. */
    public static final String DEFAULT_RESOURCE = "/faultline/signatures.yaml";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final int DEFAULT_MAX_LINES = 100;
    private static final long DEFAULT_WITHIN_SECONDS = 3600;

    private final List<LineRule> rules = new ArrayList<>();
    private final List<SequenceRule> sequences = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    private CatalogLoader() {}

    /** The default catalog from the classpath. */
    public static SignatureCatalog loadDefault() {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException("default catalog " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(in.readAllBytes(), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new CatalogException("cannot read default catalog: " + e.getMessage(), e);
        }
    }

    /** A catalog file, or the default when {@code path} is null. */
    public static SignatureCatalog load(Path path) {
        if (path == null) {
            return loadDefault();
        }
        try {
            return parse(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog " + path + ": " + e, e);
        }
    }

    /**
     * Each signature's and sequence's definition as written, by id, in catalog order: canonical
     * JSON without {@code examples}, {@code counterExamples} and {@code cite}, which do not change
     * what a rule matches or says. Two catalogs' definitions tell new and changed rules from
     * unchanged ones ({@code check-signatures --against}). {@code path} null: the default catalog.
     */
    public static Map<String, String> definitions(Path path) {
        byte[] yaml;
        String source = path == null ? "classpath:" + DEFAULT_RESOURCE : path.toString();
        try (InputStream in =
                path == null
                        ? CatalogLoader.class.getResourceAsStream(DEFAULT_RESOURCE)
                        : Files.newInputStream(path)) {
            if (in == null) {
                throw new CatalogException("default catalog " + DEFAULT_RESOURCE + " is missing");
            }
            yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog " + source + ": " + e, e);
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        CatalogFile file;
        try {
            file = mapper.readValue(yaml, CatalogFile.class);
        } catch (IOException e) {
            throw new CatalogException(source + ": not a valid catalog: " + e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> out = new LinkedHashMap<>();
        for (CatalogFile.Rule r : nonNull(file == null ? null : file.signatures)) {
            out.put(r.id, canonical(json, json.valueToTree(r)));
        }
        for (CatalogFile.Sequence q : nonNull(file == null ? null : file.sequences)) {
            out.put(q.id, canonical(json, json.valueToTree(q)));
        }
        return out;
    }

    private static String canonical(ObjectMapper json, JsonNode node) {
        strip(node);
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new CatalogException("cannot render a rule: " + e.getMessage(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode) {
            ((ObjectNode) node).remove(List.of("examples", "counterExamples", "cite"));
        }
        node.forEach(CatalogLoader::strip);
    }

    public static SignatureCatalog parse(byte[] yaml, String source) {
        ObjectMapper mapper =
                new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        CatalogFile file;
        try {
            file = mapper.readValue(yaml, CatalogFile.class);
        } catch (IOException e) {
            throw new CatalogException(source + ": not a valid catalog: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new CatalogException(source + ": catalog is empty");
        }
        if (file.version != 1) {
            throw new CatalogException(source + ": unsupported catalog version " + file.version);
        }
        CatalogLoader loader = new CatalogLoader();
        try {
            loader.compile(file);
        } catch (CatalogException e) {
            throw new CatalogException(source + ": " + e.getMessage(), e);
        }
        return new SignatureCatalog(
                source,
                loader.rules.toArray(new LineRule[0]),
                loader.sequences.toArray(new SequenceRule[0]));
    }

    private void compile(CatalogFile file) {
        for (CatalogFile.Rule m : nonNull(file.markers)) {
            requireId(m.id, "marker");
            check(
                    m.stage == null || Vocabulary.STAGES.contains(m.stage),
                    m.id,
                    "unknown stage " + m.stage);
            check(
                    m.step == null || Vocabulary.STEP_CATEGORIES.contains(m.step),
                    m.id,
                    "unknown step " + m.step);
            check(m.end == null || Vocabulary.ENDS.contains(m.end), m.id, "unknown end " + m.end);
            check(
                    m.block == null || m.block.equals("start") || m.block.equals("failed"),
                    m.id,
                    "block must be start or failed");
            check(
                    m.stage != null || m.step != null || m.end != null || m.block != null,
                    m.id,
                    "a marker needs stage, step, end or block");
            noRemedy(m, m.id, "a marker");
            rules.add(lineRule(m, m.id, RuleKind.MARKER, null, null, null, null, -1));
        }
        for (CatalogFile.Rule s : nonNull(file.signatures)) {
            requireId(s.id, "signature");
            check(s.block == null, s.id, "block is a marker field");
            checkCause(s.id, s.category, s.fault, s.summary);
            Severity severity = severity(s.id, s.severity);
            rules.add(
                    lineRule(
                            s,
                            s.id,
                            RuleKind.SIGNATURE,
                            s.category,
                            s.fault,
                            severity,
                            s.summary,
                            -1,
                            Remedy.of(s.id, s.advice, s.docs, s.retry)));
        }
        for (CatalogFile.Sequence q : nonNull(file.sequences)) {
            compileSequence(q);
        }
    }

    private void compileSequence(CatalogFile.Sequence q) {
        requireId(q.id, "sequence");
        checkCause(q.id, q.category, q.fault, q.summary);
        Severity severity = severity(q.id, q.severity);
        Remedy remedy = Remedy.of(q.id, q.advice, q.docs, q.retry);
        check(q.steps != null && q.steps.size() >= 2, q.id, "a sequence needs at least two steps");
        LineRule[] steps = new LineRule[q.steps.size()];
        for (int i = 0; i < steps.length; i++) {
            CatalogFile.Rule step = q.steps.get(i);
            check(step != null, q.id, "step " + (i + 1) + " is empty");
            String stepId = q.id + "#" + (i + 1);
            noRemedy(step, stepId, "a sequence step (put it on the sequence)");
            check(step.maxLines == null || step.maxLines > 0, stepId, "maxLines must be positive");
            check(
                    step.maxSeconds == null || step.maxSeconds > 0,
                    stepId,
                    "maxSeconds must be positive");
            steps[i] =
                    lineRule(step, stepId, RuleKind.SEQUENCE_STEP, q.id, null, severity, null, i);
            rules.add(steps[i]);
        }
        LineRule not = null;
        if (q.notFollowedBy != null) {
            noRemedy(q.notFollowedBy, q.id + "#not", "notFollowedBy");
            not =
                    lineRule(
                            q.notFollowedBy,
                            q.id + "#not",
                            RuleKind.SEQUENCE_NOT,
                            q.id,
                            null,
                            null,
                            null,
                            -1);
            rules.add(not);
        }
        String evidence = q.evidence == null ? "first" : q.evidence;
        check(
                evidence.equals("first") || evidence.equals("last"),
                q.id,
                "evidence must be first or last");
        check(
                q.withinSeconds == null || q.withinSeconds > 0,
                q.id,
                "withinSeconds must be positive");
        sequences.add(
                new SequenceRule(
                        q.id,
                        q.category,
                        q.fault,
                        severity,
                        q.summary,
                        steps,
                        not,
                        evidence.equals("first") ? 0 : steps.length - 1,
                        q.withinSeconds == null ? DEFAULT_WITHIN_SECONDS : q.withinSeconds,
                        remedy));
    }

    private LineRule lineRule(
            CatalogFile.Rule r,
            String id,
            RuleKind kind,
            String categoryOrSequence,
            String fault,
            Severity severity,
            String summary,
            int stepIndex) {
        return lineRule(
                r, id, kind, categoryOrSequence, fault, severity, summary, stepIndex, Remedy.NONE);
    }

    private LineRule lineRule(
            CatalogFile.Rule r,
            String id,
            RuleKind kind,
            String categoryOrSequence,
            String fault,
            Severity severity,
            String summary,
            int stepIndex,
            Remedy remedy) {
        List<String> literalList = new ArrayList<>();
        if (r.literal != null) {
            literalList.add(r.literal);
        }
        if (r.literals != null) {
            literalList.addAll(r.literals);
        }
        check(
                !literalList.isEmpty(),
                id,
                "needs a literal (a substring every matching line contains)");
        String[] literals = new String[literalList.size()];
        for (int i = 0; i < literals.length; i++) {
            String lit = literalList.get(i);
            check(lit != null && !lit.isBlank(), id, "literal is blank");
            // Short ASCII literals ("E ", "ok") occur on most lines and would defeat the prefilter;
            // a rare symbol such as the '●' jest prints is selective on its own, and so is a short
            // literal whose regex only matches at the start of the line (Travis's "$ "), which
            // fails at once on the few lines that hold it elsewhere.
            boolean rareSymbol = lit.chars().anyMatch(c -> c > 0x7f);
            boolean anchored = lit.length() >= 2 && r.regex != null && r.regex.startsWith("^");
            check(
                    lit.length() >= 3 || rareSymbol || anchored,
                    id,
                    "literal '"
                            + lit
                            + "' is too short to prefilter on (3+ characters, a non-ASCII symbol,"
                            + " or 2 with a regex anchored at ^)");
            literals[i] = lit.toLowerCase(Locale.ROOT);
        }
        Pattern pattern = null;
        if (r.regex != null) {
            try {
                pattern = Pattern.compile(r.regex);
            } catch (PatternSyntaxException e) {
                throw new CatalogException(
                        id
                                + ": regex does not compile: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex());
            }
            RegexSafety.problem(r.regex)
                    .ifPresent(
                            problem -> {
                                throw new CatalogException(id + ": regex is unsafe: " + problem);
                            });
        }
        boolean isSequencePart = kind == RuleKind.SEQUENCE_STEP || kind == RuleKind.SEQUENCE_NOT;
        LineRule rule =
                new LineRule(
                        rules.size(),
                        id,
                        kind,
                        literals,
                        pattern,
                        r.stage,
                        r.step,
                        r.end,
                        r.block == null ? null : Boundary.parse(r.block),
                        isSequencePart ? null : categoryOrSequence,
                        fault,
                        severity,
                        summary,
                        isSequencePart ? categoryOrSequence : null,
                        stepIndex,
                        r.maxLines == null ? DEFAULT_MAX_LINES : r.maxLines,
                        r.maxSeconds == null ? 0 : r.maxSeconds,
                        Boolean.TRUE.equals(r.caseSensitive)
                                ? literalList.toArray(new String[0])
                                : null,
                        remedy);
        for (String example : nonNull(r.examples)) {
            check(matches(rule, example), id, "example does not match: " + example);
        }
        for (String counter : nonNull(r.counterExamples)) {
            check(!matches(rule, counter), id, "counter-example matches: " + counter);
        }
        return rule;
    }

    /** Literal prefilter plus regex, exactly as the tagger applies them. */
    static boolean matches(LineRule rule, String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        boolean literal = false;
        for (String lit : rule.literals) {
            literal |= lower.contains(lit);
        }
        if (!literal) {
            return false;
        }
        try {
            Matcher m = rule.confirm(line);
            return m != null;
        } catch (RegexBudgetExceededException e) {
            throw new CatalogException(rule.id + ": regex exceeds its step budget on: " + line);
        } catch (StackOverflowError e) {
            throw new CatalogException(rule.id + ": regex overflows the stack on: " + line);
        }
    }

    /** Advice, docs and retry belong to causes: a signature or a whole sequence. */
    private static void noRemedy(CatalogFile.Rule r, String id, String what) {
        check(
                r.advice == null && r.docs == null && r.retry == null,
                id,
                "advice, docs and retry belong on a signature or a sequence, not on " + what);
    }

    private void checkCause(String id, String category, String fault, String summary) {
        check(
                category == null || Vocabulary.CATEGORIES.contains(category),
                id,
                "unknown category " + category);
        check(fault != null, id, "needs a fault (user|platform|unknown)");
        check(Vocabulary.FAULTS.contains(fault), id, "unknown fault " + fault);
        check(summary != null && !summary.isBlank(), id, "needs a summary");
    }

    private Severity severity(String id, String s) {
        check(s != null, id, "needs a severity (critical|error|warning)");
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(id + ": unknown severity " + s);
        }
    }

    private void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new CatalogException(
                    "a " + what + " has no id (rule #" + (rules.size() + 1) + ")");
        }
        check(
                ID.matcher(id).matches(),
                id,
                "id must be lower-case letters, digits, '.', '_' or '-'");
        check(ids.add(id), id, "duplicate id");
    }

    private static void check(boolean ok, String id, String reason) {
        if (!ok) {
            throw new CatalogException((id == null ? "?" : id) + ": " + reason);
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
