package dev.faultline.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a {@link LogLine} straight from the JSON token stream: no bean deserializer, no type lookup
 * per record. It is the live job's per-line parse, a few times cheaper than the mapper's.
 *
 * <p>It only takes the plain shape: one object whose known fields hold a string or null ({@code
 * seq}: an integer that fits a long), anything under other names skipped, nothing after the object.
 * For anything else it answers null and {@link Json#parseLogLine} lets the mapper parse the record:
 * the mapper alone decides what is an error and how the error reads, so dead letters stay exactly
 * as they were.
 */
final class LogLineReader {
    private LogLineReader() {}

    /** The line, or null when the record is not the plain shape (or not JSON at all). */
    static LogLine read(JsonFactory factory, byte[] bytes) {
        try (JsonParser p = factory.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            LogLine line = new LogLine();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "buildId":
                        if (!isText(value)) {
                            return null;
                        }
                        line.buildId = p.getValueAsString();
                        break;
                    case "seq":
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        line.seq = p.getLongValue();
                        break;
                    case "timestamp":
                        if (!isText(value)) {
                            return null;
                        }
                        line.timestamp = p.getValueAsString();
                        break;
                    case "text":
                        if (!isText(value)) {
                            return null;
                        }
                        line.text = p.getValueAsString();
                        break;
                    default:
                        p.skipChildren(); // unknown fields are allowed, as with the mapper
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return line;
        } catch (IOException | RuntimeException e) {
            return null; // the mapper parses it again and reports it in its own words
        }
    }

    /** A string field's value the mapper takes as is: a string, or null. */
    private static boolean isText(JsonToken value) {
        return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
    }
}
