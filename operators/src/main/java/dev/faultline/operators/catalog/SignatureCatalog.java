package dev.faultline.operators.catalog;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, compiled signature catalog: markers, single-line signatures and multi-line
 * sequences. Load it with {@link CatalogLoader}; a bad file fails there, never at the first
 * matching line.
 */
public final class SignatureCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;

    /** Every line rule, indexed by {@link LineRule#index}: markers, signatures, sequence steps. */
    private final LineRule[] rules;

    private final SequenceRule[] sequences;
    private final Map<String, LineRule> signaturesById = new HashMap<>();
    private final Map<String, SequenceRule> sequencesById = new HashMap<>();

    SignatureCatalog(String source, LineRule[] rules, SequenceRule[] sequences) {
        this.source = source;
        this.rules = rules;
        this.sequences = sequences;
        for (LineRule r : rules) {
            if (r.kind == RuleKind.SIGNATURE) {
                signaturesById.put(r.id, r);
            }
        }
        for (SequenceRule s : sequences) {
            sequencesById.put(s.id, s);
        }
    }

    /** Where the catalog came from (a path or {@code classpath:...}), for messages. */
    public String source() {
        return source;
    }

    public List<LineRule> rules() {
        return Collections.unmodifiableList(Arrays.asList(rules));
    }

    public LineRule rule(int index) {
        return rules[index];
    }

    public List<SequenceRule> sequences() {
        return Collections.unmodifiableList(Arrays.asList(sequences));
    }

    public LineRule signature(String id) {
        return signaturesById.get(id);
    }

    public SequenceRule sequence(String id) {
        return sequencesById.get(id);
    }

    /** Category, fault, severity and remedy of a single-line signature or a sequence, by id. */
    public Cause cause(String id) {
        LineRule r = signaturesById.get(id);
        if (r != null) {
            return new Cause(r.id, r.category, r.fault, r.severity, r.remedy);
        }
        SequenceRule s = sequencesById.get(id);
        return s == null ? null : new Cause(s.id, s.category, s.fault, s.severity, s.remedy);
    }

    public long count(RuleKind kind) {
        return Arrays.stream(rules).filter(r -> r.kind == kind).count();
    }

    /** What the classifier needs to know about a hit's signature. */
    public static final class Cause {
        public final String id;
        public final String category;
        public final String fault;
        public final Severity severity;

        /** Advice, docs and the signature's own retry setting. */
        public final Remedy remedy;

        Cause(String id, String category, String fault, Severity severity, Remedy remedy) {
            this.id = id;
            this.category = category;
            this.fault = fault;
            this.severity = severity;
            this.remedy = remedy;
        }
    }
}
