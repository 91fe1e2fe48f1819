package dev.faultline.operators.catalog;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML signature catalog exactly as written. {@link CatalogLoader} validates it and turns it
 * into a {@link SignatureCatalog}; nothing here is used at run time.
 */
public class CatalogFile {
    public int version;
    public List<Rule> markers = new ArrayList<>();
    public List<Rule> signatures = new ArrayList<>();
    public List<Sequence> sequences = new ArrayList<>();

    /** One line rule: a marker, a single-line signature, or one step of a sequence. */
    public static class Rule {
        public String id;
        public String name;
        public String literal;

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        public List<String> literals;

        public String regex;

        /**
         * The literals also hold case-sensitively (the regex matches them only as written): checked
         * with a plain {@code contains} before the regex runs, so lowercase "error" lines never
         * reach a regex that needs "ERROR".
         */
        public Boolean caseSensitive;

        // marker fields
        public String stage;
        public String step;
        public String end;

        /**
         * Where a step of the CI system's own begins ({@code start}) or ends in failure ({@code
         * failed}): {@code $ cmd} and {@code The command "cmd" exited with 1.} on Travis, for
         * example. The output between the last start and the first failed end is the failing step's
         * block.
         */
        public String block;

        // signature fields
        public String category;
        public String fault;
        public String severity;
        public String summary;

        /**
         * What the user should do (one sentence), the tool's documentation, and whether an
         * automatic retry is worth it; read as plain YAML values and checked by the loader (see
         * {@link Remedy}), so a malformed one names its rule.
         */
        public Object advice;

        public Object docs;
        public Object retry;

        // sequence step fields
        public Integer maxLines;
        public Integer maxSeconds;

        /**
         * Where the tool documents this message, or the source code that prints it (a URL or a path
         * at a tag): documentation for reviewers, never read at run time.
         */
        public String cite;

        // self-test
        public List<String> examples = new ArrayList<>();
        public List<String> counterExamples = new ArrayList<>();
    }

    /** A multi-line signature: steps in order, matched on Flink CEP. */
    public static class Sequence {
        public String id;
        public String category;
        public String fault;
        public String severity;
        public String summary;

        /** See {@link Rule#advice}. */
        public Object advice;

        public Object docs;
        public Object retry;

        public List<Rule> steps = new ArrayList<>();
        public Rule notFollowedBy;
        public String evidence;
        public Integer withinSeconds;

        /** See {@link Rule#cite}. */
        public String cite;
    }
}
