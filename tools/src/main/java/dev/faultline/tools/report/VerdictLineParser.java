package dev.faultline.tools.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.util.Set;

/**
 * Reads the report's fields out of one {@code verdicts.jsonl} line with Jackson's streaming parser,
 * skipping everything else: binding whole {@code BuildVerdict}s costs several times as much, and a
 * million of them must be read in a few seconds.
 */
final class VerdictLineParser {
    private static final Set<String> OUTCOMES = Set.of("success", "failure", "canceled", "unknown");
    private final JsonFactory factory = Json.mapper().getFactory();

    /**
     * Fills {@code into} from the JSON object in {@code bytes[off, off+len)}; false if the line is
     * not a verdict (not JSON, not an object, no build ID, an outcome outside the contract).
     */
    boolean parse(byte[] bytes, int off, int len, VerdictLine into) {
        into.clear();
        try (JsonParser p = factory.createParser(bytes, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "buildId":
                        into.buildId = text(p, value);
                        break;
                    case "outcome":
                        into.outcome = text(p, value);
                        break;
                    case "category":
                        into.category = text(p, value);
                        break;
                    case "fault":
                        into.fault = text(p, value);
                        break;
                    case "signature":
                        into.signature = text(p, value);
                        break;
                    case "firstTimestamp":
                        into.firstTimestamp = text(p, value);
                        break;
                    case "lastTimestamp":
                        into.lastTimestamp = text(p, value);
                        break;
                    case "evidence":
                        // Only unknown failures show their evidence; Faultline writes the
                        // category first, so most verdicts skip theirs undecoded.
                        if (into.category == null || "unknown".equals(into.category)) {
                            readEvidence(p, value, into);
                        } else {
                            p.skipChildren();
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return into.buildId != null && into.outcome != null && OUTCOMES.contains(into.outcome);
    }

    /** A string field; null for JSON null; anything else (a number, an object) is skipped. */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static void readEvidence(JsonParser p, JsonToken value, VerdictLine into)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("text")
                        && v == JsonToken.VALUE_STRING
                        && into.evidenceCount < VerdictLine.EVIDENCE_KEPT) {
                    into.evidence[into.evidenceCount++] = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
