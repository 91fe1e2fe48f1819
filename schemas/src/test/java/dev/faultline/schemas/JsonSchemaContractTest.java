package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Serialized records must satisfy the published JSON Schemas, and the schemas must reject bad
 * records.
 */
class JsonSchemaContractTest {
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private static final JsonSchema LOG_LINE = load("log-line");
    private static final JsonSchema BUILD_EVENT = load("build-event");
    private static final JsonSchema BUILD_VERDICT = load("build-verdict");
    private static final JsonSchema DEAD_LETTER = load("dead-letter");
    private static final JsonSchema ALERT = load("alert");

    private static JsonSchema load(String name) {
        String resource = "/schemas/" + name + ".schema.json";
        InputStream in = JsonSchemaContractTest.class.getResourceAsStream(resource);
        assertThat(in).as(resource).isNotNull();
        return FACTORY.getSchema(in, CONFIG);
    }

    private static JsonNode tree(Object record) throws Exception {
        return Json.mapper().readTree(Json.toJson(record));
    }

    private static Set<ValidationMessage> validate(JsonSchema schema, JsonNode node) {
        return schema.validate(node);
    }

    @Test
    void failureVerdictIsValid() throws Exception {
        assertThat(validate(BUILD_VERDICT, tree(Fixtures.failureVerdict()))).isEmpty();
    }

    @Test
    void successVerdictWithNullCategoryAndFaultIsValid() throws Exception {
        BuildVerdict v = Fixtures.successVerdict();
        assertThat(v.category).isNull();
        assertThat(v.fault).isNull();
        assertThat(validate(BUILD_VERDICT, tree(v))).isEmpty();
    }

    @Test
    void canceledAndUnknownVerdictsAreValid() throws Exception {
        BuildVerdict canceled = Fixtures.successVerdict();
        canceled.outcome = BuildVerdict.CANCELED;
        canceled.stage = "install";
        canceled.decidedBy = "event";
        assertThat(validate(BUILD_VERDICT, tree(canceled))).isEmpty();

        BuildVerdict unknown = Fixtures.successVerdict();
        unknown.outcome = BuildVerdict.UNKNOWN;
        unknown.decidedBy = "inactivity";
        unknown.evidence = new Evidence[] {new Evidence(3, "error: x")};
        assertThat(validate(BUILD_VERDICT, tree(unknown))).isEmpty();
    }

    @Test
    void adviceAndRetryAreOptionalAndOnlyFailuresSayRetry() throws Exception {
        ObjectNode withoutNewFields = (ObjectNode) tree(Fixtures.failureVerdict());
        withoutNewFields.remove(java.util.List.of("advice", "docs", "retry", "retryReason"));
        assertThat(validate(BUILD_VERDICT, withoutNewFields))
                .as("a verdict written before the fields existed")
                .isEmpty();

        BuildVerdict successWithRetry = Fixtures.successVerdict();
        successWithRetry.retry = true;
        assertThat(validate(BUILD_VERDICT, tree(successWithRetry))).isNotEmpty();

        ObjectNode retryAsText = (ObjectNode) tree(Fixtures.failureVerdict());
        retryAsText.put("retry", "yes");
        assertThat(validate(BUILD_VERDICT, retryAsText)).isNotEmpty();
    }

    @Test
    void aReaderOfTheOldVerdictIgnoresTheNewFields() throws Exception {
        byte[] json = Json.toJsonBytes(Fixtures.failureVerdict());
        assertThat(Json.mapper().readTree(json).get("advice").asText())
                .startsWith("Add the script");
        // Json is lenient about unknown fields: a reader without them parses the same verdict.
        OldVerdict old = Json.parse(json, OldVerdict.class);
        assertThat(old.buildId).isEqualTo("b-1");
        assertThat(old.signature).isEqualTo("npm-missing-script");
    }

    /** The verdict's fields before advice and retry existed (enough of them to read one). */
    public static class OldVerdict {
        public String buildId;
        public String outcome;
        public String signature;
        public String summary;
    }

    @Test
    void successVerdictWithCategoryIsRejected() throws Exception {
        BuildVerdict v = Fixtures.successVerdict();
        v.category = "build_command";
        assertThat(validate(BUILD_VERDICT, tree(v))).isNotEmpty();

        BuildVerdict withFault = Fixtures.successVerdict();
        withFault.fault = "user";
        assertThat(validate(BUILD_VERDICT, tree(withFault))).isNotEmpty();
    }

    @Test
    void failureVerdictWithoutCategoryOrFaultIsRejected() throws Exception {
        BuildVerdict v = Fixtures.failureVerdict();
        v.category = null;
        assertThat(validate(BUILD_VERDICT, tree(v))).isNotEmpty();

        BuildVerdict noFault = Fixtures.failureVerdict();
        noFault.fault = null;
        assertThat(validate(BUILD_VERDICT, tree(noFault))).isNotEmpty();
    }

    @Test
    void verdictOutsideTheVocabularyIsRejected() throws Exception {
        BuildVerdict badCategory = Fixtures.failureVerdict();
        badCategory.category = "compile";
        assertThat(validate(BUILD_VERDICT, tree(badCategory))).isNotEmpty();

        BuildVerdict badOutcome = Fixtures.failureVerdict();
        badOutcome.outcome = "skipped";
        assertThat(validate(BUILD_VERDICT, tree(badOutcome))).isNotEmpty();

        BuildVerdict badStage = Fixtures.failureVerdict();
        badStage.stage = "test";
        assertThat(validate(BUILD_VERDICT, tree(badStage))).isNotEmpty();

        BuildVerdict badDecider = Fixtures.failureVerdict();
        badDecider.decidedBy = "timer";
        assertThat(validate(BUILD_VERDICT, tree(badDecider))).isNotEmpty();
    }

    @Test
    void verdictShapeViolationsAreRejected() throws Exception {
        BuildVerdict tooMuchEvidence = Fixtures.failureVerdict();
        tooMuchEvidence.evidence = new Evidence[BuildVerdict.MAX_EVIDENCE + 1];
        for (int i = 0; i < tooMuchEvidence.evidence.length; i++) {
            tooMuchEvidence.evidence[i] = new Evidence(i + 1, "line " + i);
        }
        assertThat(validate(BUILD_VERDICT, tree(tooMuchEvidence))).isNotEmpty();

        BuildVerdict lineZero = Fixtures.failureVerdict();
        lineZero.evidence = new Evidence[] {new Evidence(0, "x")};
        assertThat(validate(BUILD_VERDICT, tree(lineZero))).isNotEmpty();

        BuildVerdict badTime = Fixtures.failureVerdict();
        badTime.firstTimestamp = "yesterday";
        assertThat(validate(BUILD_VERDICT, tree(badTime))).isNotEmpty();

        ObjectNode extra = (ObjectNode) tree(Fixtures.failureVerdict());
        extra.put("confidence", 0.9);
        assertThat(validate(BUILD_VERDICT, extra)).isNotEmpty();

        ObjectNode missing = (ObjectNode) tree(Fixtures.failureVerdict());
        missing.remove("signature");
        assertThat(validate(BUILD_VERDICT, missing)).isNotEmpty();
    }

    @Test
    void verdictClassAndSchemaDeclareTheSameFields() throws Exception {
        Set<String> javaFields =
                Arrays.stream(BuildVerdict.class.getFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .map(Field::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
        JsonNode schema;
        try (InputStream in =
                getClass().getResourceAsStream("/schemas/build-verdict.schema.json")) {
            schema = Json.mapper().readTree(in);
        }
        Set<String> schemaFields = new TreeSet<>();
        Iterator<String> names = schema.get("properties").fieldNames();
        names.forEachRemaining(schemaFields::add);
        assertThat(schemaFields).isEqualTo(javaFields);
    }

    @Test
    void logLineIsValidAndBadOnesAreRejected() throws Exception {
        assertThat(validate(LOG_LINE, tree(Fixtures.logLine()))).isEmpty();
        assertThat(validate(LOG_LINE, tree(new LogLine("b", 1, null, "")))).isEmpty();
        assertThat(validate(LOG_LINE, tree(new LogLine("b", 0, null, "x")))).isNotEmpty();
        assertThat(validate(LOG_LINE, tree(new LogLine("", 1, null, "x")))).isNotEmpty();
        assertThat(validate(LOG_LINE, tree(new LogLine("b", 1, "not-a-time", "x")))).isNotEmpty();
        assertThat(
                        validate(
                                LOG_LINE,
                                Json.mapper()
                                        .readTree(
                                                "{\"buildId\":\"b\",\"seq\":\"12\",\"text\":\"x\"}")))
                .isNotEmpty();
    }

    @Test
    void buildEventIsValidAndBadOnesAreRejected() throws Exception {
        assertThat(validate(BUILD_EVENT, tree(Fixtures.failedEvent()))).isEmpty();

        BuildEvent badType = Fixtures.failedEvent();
        badType.type = "cf.workersBuilds.worker.build.exploded";
        assertThat(validate(BUILD_EVENT, tree(badType))).isNotEmpty();

        BuildEvent badOutcome = Fixtures.failedEvent();
        badOutcome.payload.buildOutcome = "skipped";
        assertThat(validate(BUILD_EVENT, tree(badOutcome))).isNotEmpty();

        BuildEvent noUuid = Fixtures.failedEvent();
        noUuid.payload.buildUuid = null;
        assertThat(validate(BUILD_EVENT, tree(noUuid))).isNotEmpty();

        ObjectNode unknownField = (ObjectNode) tree(Fixtures.failedEvent());
        unknownField.put("somethingNew", true);
        assertThat(validate(BUILD_EVENT, unknownField)).as("unknown fields are allowed").isEmpty();
    }

    @Test
    void deadLetterIsValidAndBadOnesAreRejected() throws Exception {
        assertThat(validate(DEAD_LETTER, tree(Fixtures.deadLetter()))).isEmpty();
        assertThat(
                        validate(
                                DEAD_LETTER,
                                tree(new DeadLetter("late-line", "d", "graph", null, null))))
                .isEmpty();
        assertThat(
                        validate(
                                DEAD_LETTER,
                                tree(new DeadLetter("Bad Reason", "d", "graph", null, null))))
                .isNotEmpty();
        assertThat(validate(DEAD_LETTER, tree(new DeadLetter("x", null, "graph", null, null))))
                .isNotEmpty();
    }

    @Test
    void alertsAreValidFiringAndResolved() throws Exception {
        Alert firing = Fixtures.firingAlert();
        assertThat(validate(ALERT, tree(firing))).isEmpty();
        Alert resolved = Fixtures.firingAlert();
        resolved.status = Alert.RESOLVED;
        resolved.endsAt = "2025-06-18T12:55:00Z";
        resolved.revision = 3;
        assertThat(validate(ALERT, tree(resolved))).isEmpty();
    }

    @Test
    void badAlertsAreRejected() throws Exception {
        Alert resolvedWithoutEnd = Fixtures.firingAlert();
        resolvedWithoutEnd.status = Alert.RESOLVED;
        assertThat(validate(ALERT, tree(resolvedWithoutEnd))).isNotEmpty();
        Alert badKey = Fixtures.firingAlert();
        badKey.dedupKey = "not ours";
        assertThat(validate(ALERT, tree(badKey))).isNotEmpty();
        Alert badSeverity = Fixtures.firingAlert();
        badSeverity.severity = "page-everyone";
        assertThat(validate(ALERT, tree(badSeverity))).isNotEmpty();
        ObjectNode extra = (ObjectNode) tree(Fixtures.firingAlert());
        extra.put("routingKey", "x");
        assertThat(validate(ALERT, extra)).isNotEmpty();
    }
}
