package dev.faultline.jobs.backfill;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Summarizes one part file of verdicts, reading only the fields {@link BackfillSummary} counts with
 * Jackson's streaming parser: binding every verdict whole (evidence, advice, summary and all) made
 * the summary of a large backfill take seconds after the job had finished.
 */
final class VerdictPartSummary {
    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private VerdictPartSummary() {}

    /** The summary of the verdicts in {@code file}, one JSON object per line. */
    static BackfillSummary of(Path file) throws IOException {
        BackfillSummary summary = new BackfillSummary();
        BuildVerdict v = new BuildVerdict();
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = FACTORY.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException(
                            "not a verdict in " + file + " at " + p.currentLocation());
                }
                read(p, v);
                summary.add(v);
            }
        }
        return summary;
    }

    /**
     * Fills {@code v} with the counted fields of the object {@code p} stands at; others skipped.
     */
    private static void read(JsonParser p, BuildVerdict v) throws IOException {
        v.buildId = null;
        v.outcome = null;
        v.category = null;
        v.fault = null;
        v.signature = null;
        v.retry = null;
        v.evidence = null;
        v.lines = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "buildId":
                    v.buildId = text(p, value);
                    break;
                case "outcome":
                    v.outcome = text(p, value);
                    break;
                case "category":
                    v.category = text(p, value);
                    break;
                case "fault":
                    v.fault = text(p, value);
                    break;
                case "signature":
                    v.signature = text(p, value);
                    break;
                case "retry":
                    v.retry =
                            value == JsonToken.VALUE_TRUE
                                    ? Boolean.TRUE
                                    : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    break;
                case "lines":
                    v.lines = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    break;
                case "evidence":
                    // Only an unknown failure's first evidence line is counted; the category
                    // comes before the evidence in every verdict Faultline writes.
                    if ("unknown".equals(v.category) && value == JsonToken.START_ARRAY) {
                        v.evidence = firstEvidence(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** The evidence array's first line (as the summary uses it), or null when it has none. */
    private static Evidence[] firstEvidence(JsonParser p) throws IOException {
        Evidence first = null;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (first != null || e != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            first = new Evidence();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("text") && value == JsonToken.VALUE_STRING) {
                    first.text = p.getText();
                } else if (name.equals("line") && value == JsonToken.VALUE_NUMBER_INT) {
                    first.line = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        }
        return first == null ? null : new Evidence[] {first};
    }
}
