package dev.faultline.schemas;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON serde for the record types. Parsing is strict about types (a string where a number belongs
 * is an error, not a coercion) and lenient about unknown fields, so producers can add fields
 * safely.
 */
public final class Json {
    private static final ObjectMapper MAPPER = createMapper();
    private static final java.util.Set<String> OUTCOMES =
            java.util.Set.of("success", "failure", "canceled");

    private Json() {}

    private static ObjectMapper createMapper() {
        JsonMapper mapper =
                JsonMapper.builder()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .build();
        // "seq": "12" or "text": 5 is a producer bug: reject it instead of guessing.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The shared mapper, for callers that need trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toJsonBytes(Object value) {
        return toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and validates a {@link LogLine}: build ID present, seq positive, text present. */
    public static LogLine parseLogLine(byte[] bytes) throws RecordException {
        LogLine line = null;
        if (bytes != null) {
            line = AsciiLogLineReader.read(bytes);
            if (line == null) {
                line = LogLineReader.read(MAPPER.getFactory(), bytes);
            }
        }
        if (line == null) {
            line = parse(bytes, LogLine.class); // not the plain shape: the mapper's verdict
        }
        if (line.buildId == null || line.buildId.isBlank()) {
            throw new RecordException("missing-build-id", "log line has no buildId");
        }
        RecordLimits.checkBuildId(line.buildId);
        if (line.seq < 1) {
            throw new RecordException("invalid-field", "seq must be >= 1, was " + line.seq);
        }
        if (line.text == null) {
            throw new RecordException("invalid-field", "log line has no text");
        }
        return line;
    }

    /** Parses and validates a {@link BuildEvent}: it must name its build. */
    public static BuildEvent parseBuildEvent(byte[] bytes) throws RecordException {
        BuildEvent event = parse(bytes, BuildEvent.class);
        if (event.type == null || event.type.isBlank()) {
            throw new RecordException("invalid-field", "build event has no type");
        }
        if (event.buildId() == null || event.buildId().isBlank()) {
            throw new RecordException("missing-build-id", "build event has no payload.buildUuid");
        }
        RecordLimits.checkBuildId(event.buildId());
        checkEventFields(event);
        String outcome = event.payload.buildOutcome;
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new RecordException(
                    "invalid-field",
                    "payload.buildOutcome must be success, failure, canceled or null, was '"
                            + outcome
                            + "'");
        }
        return event;
    }

    /** The event fields a verdict carries, and the timestamps, each within its limit. */
    private static void checkEventFields(BuildEvent event) throws RecordException {
        RecordLimits.checkEventField("type", event.type);
        if (event.source != null) {
            RecordLimits.checkEventField("source.workerName", event.source.workerName);
        }
        if (event.metadata != null) {
            RecordLimits.checkEventField("metadata.accountId", event.metadata.accountId);
            RecordLimits.checkEventField("metadata.eventTimestamp", event.metadata.eventTimestamp);
        }
        BuildEvent.Payload p = event.payload;
        RecordLimits.checkEventField("payload.stoppedAt", p.stoppedAt);
        BuildEvent.TriggerMetadata t = p.buildTriggerMetadata;
        if (t != null) {
            RecordLimits.checkEventField("payload.buildTriggerMetadata.branch", t.branch);
            RecordLimits.checkEventField("payload.buildTriggerMetadata.commitHash", t.commitHash);
            RecordLimits.checkEventField("payload.buildTriggerMetadata.repoName", t.repoName);
        }
    }

    public static <T> T parse(byte[] bytes, Class<T> type) throws RecordException {
        if (bytes == null || bytes.length == 0) {
            throw new RecordException("empty-record", "record is empty");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new RecordException("not-json-object", "record is JSON null");
            }
            return value;
        } catch (JacksonException e) {
            throw new RecordException("invalid-json", e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RecordException("invalid-json", e.getMessage(), e);
        }
    }
}
