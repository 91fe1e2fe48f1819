package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordException logLineError(byte[] bytes) {
        RecordException e =
                catchThrowableOfType(RecordException.class, () -> Json.parseLogLine(bytes));
        assertThat(e).as("parsing should have failed").isNotNull();
        return e;
    }

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void logLineRoundTrips() throws Exception {
        LogLine line = Fixtures.logLine();
        LogLine back = Json.parseLogLine(Json.toJsonBytes(line));
        assertThat(back).isEqualTo(line);
        assertThat(back.text).endsWith("\r");
    }

    @Test
    void logLineWithoutTimestampRoundTrips() throws Exception {
        LogLine line = new LogLine("b-9", 1, null, "");
        assertThat(Json.parseLogLine(Json.toJsonBytes(line))).isEqualTo(line);
    }

    @Test
    void nonAsciiTextRoundTrips() throws Exception {
        LogLine line = new LogLine("b-1", 3, null, "✘ [ERROR] Could not resolve \"ö\" \u001b[31m");
        assertThat(Json.parseLogLine(Json.toJsonBytes(line)).text).isEqualTo(line.text);
    }

    @Test
    void buildEventRoundTrips() throws Exception {
        BuildEvent event = Fixtures.failedEvent();
        BuildEvent back = Json.parseBuildEvent(Json.toJsonBytes(event));
        assertThat(back).usingRecursiveComparison().isEqualTo(event);
        assertThat(back.buildId()).isEqualTo("b-1");
    }

    @Test
    void buildVerdictRoundTrips() throws Exception {
        BuildVerdict verdict = Fixtures.failureVerdict();
        BuildVerdict back = Json.parse(Json.toJsonBytes(verdict), BuildVerdict.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(verdict);
        assertThat(back.evidence).containsExactly(verdict.evidence);
    }

    @Test
    void successVerdictRoundTripsWithNulls() throws Exception {
        BuildVerdict verdict = Fixtures.successVerdict();
        String json = Json.toJson(verdict);
        // nulls are written explicitly: the contract requires category/fault/... to be present
        assertThat(json).contains("\"category\":null").contains("\"fault\":null");
        BuildVerdict back = Json.parse(json.getBytes(StandardCharsets.UTF_8), BuildVerdict.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(verdict);
    }

    @Test
    void verdictJsonHasNoStaticConstants() {
        String json = Json.toJson(Fixtures.failureVerdict());
        assertThat(json).doesNotContain("MAX_EVIDENCE").doesNotContain("SUCCESS");
    }

    @Test
    void deadLetterRoundTrips() throws Exception {
        DeadLetter d = Fixtures.deadLetter();
        DeadLetter back = Json.parse(Json.toJsonBytes(d), DeadLetter.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(d);
        assertThat(back.toString())
                .isEqualTo("invalid-json at build-logs:0:42: Unexpected character");
    }

    @Test
    void alertRoundTrips() throws Exception {
        Alert a = Fixtures.firingAlert();
        Alert back = Json.parse(Json.toJsonBytes(a), Alert.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(a);
    }

    // ---- strictness --------------------------------------------------------------------------

    @Test
    void seqAsStringIsInvalidJson() {
        RecordException e = logLineError(utf8("{\"buildId\":\"b\",\"seq\":\"12\",\"text\":\"x\"}"));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }

    @Test
    void textAsNumberIsInvalidJson() {
        RecordException e = logLineError(utf8("{\"buildId\":\"b\",\"seq\":1,\"text\":5}"));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }

    @Test
    void textAsBooleanIsInvalidJson() {
        RecordException e = logLineError(utf8("{\"buildId\":\"b\",\"seq\":1,\"text\":true}"));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }

    @Test
    void seqAsFloatIsInvalidJson() {
        RecordException e = logLineError(utf8("{\"buildId\":\"b\",\"seq\":1.5,\"text\":\"x\"}"));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }

    @Test
    void nullSeqIsInvalidJson() {
        RecordException e = logLineError(utf8("{\"buildId\":\"b\",\"seq\":null,\"text\":\"x\"}"));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }

    @Test
    void missingBuildIdIsReported() {
        assertThat(logLineError(utf8("{\"seq\":1,\"text\":\"x\"}")).reason())
                .isEqualTo("missing-build-id");
        assertThat(logLineError(utf8("{\"buildId\":\"  \",\"seq\":1,\"text\":\"x\"}")).reason())
                .isEqualTo("missing-build-id");
    }

    @Test
    void missingOrZeroSeqAndMissingTextAreInvalidFields() {
        assertThat(logLineError(utf8("{\"buildId\":\"b\",\"text\":\"x\"}")).reason())
                .isEqualTo("invalid-field");
        assertThat(logLineError(utf8("{\"buildId\":\"b\",\"seq\":0,\"text\":\"x\"}")).reason())
                .isEqualTo("invalid-field");
        assertThat(logLineError(utf8("{\"buildId\":\"b\",\"seq\":-3,\"text\":\"x\"}")).reason())
                .isEqualTo("invalid-field");
        assertThat(logLineError(utf8("{\"buildId\":\"b\",\"seq\":1}")).reason())
                .isEqualTo("invalid-field");
    }

    @Test
    void notJsonIsInvalidJson() {
        assertThat(logLineError(utf8("2024-05-01T10:00:00Z\tnpm ERR! oops")).reason())
                .isEqualTo("invalid-json");
        assertThat(logLineError(utf8("{\"buildId\":\"b\",")).reason()).isEqualTo("invalid-json");
        assertThat(logLineError(utf8("[1,2,3]")).reason()).isEqualTo("invalid-json");
        assertThat(logLineError(utf8("\"just a string\"")).reason()).isEqualTo("invalid-json");
    }

    @Test
    void binaryBytesAreInvalidJson() {
        byte[] gzip = {
            0x1f,
            (byte) 0x8b,
            0x08,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x03,
            (byte) 0xff,
            (byte) 0xfe
        };
        assertThat(logLineError(gzip).reason()).isEqualTo("invalid-json");
        byte[] zeros = {0x00, 0x00, 0x00, 0x7b, 0x00, 0x01, (byte) 0xc3};
        assertThat(logLineError(zeros).reason()).isEqualTo("invalid-json");
        byte[] badUtf8 = {
            '{',
            '"',
            'b',
            'u',
            'i',
            'l',
            'd',
            'I',
            'd',
            '"',
            ':',
            '"',
            (byte) 0xc3,
            (byte) 0x28,
            '"',
            '}'
        };
        assertThat(logLineError(badUtf8).reason()).isEqualTo("invalid-json");
    }

    @Test
    void trailingTokensAreInvalidJson() {
        String one = "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"}";
        assertThat(logLineError(utf8(one + " " + one)).reason()).isEqualTo("invalid-json");
    }

    @Test
    void emptyRecordIsReported() {
        assertThat(logLineError(new byte[0]).reason()).isEqualTo("empty-record");
        assertThat(logLineError(null).reason()).isEqualTo("empty-record");
    }

    @Test
    void jsonNullIsNotAnObject() {
        assertThat(logLineError(utf8("null")).reason()).isEqualTo("not-json-object");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        LogLine line =
                Json.parseLogLine(
                        utf8(
                                "{\"buildId\":\"b\",\"seq\":7,\"text\":\"hi\",\"level\":\"info\",\"extra\":{\"a\":[1,2]}}"));
        assertThat(line).isEqualTo(new LogLine("b", 7, null, "hi"));

        BuildEvent event =
                Json.parseBuildEvent(
                        utf8(
                                "{\"type\":\""
                                        + BuildEvent.STARTED
                                        + "\",\"newTopLevel\":1,"
                                        + "\"payload\":{\"buildUuid\":\"u-1\",\"newField\":true}}"));
        assertThat(event.buildId()).isEqualTo("u-1");
        assertThat(event.type).isEqualTo(BuildEvent.STARTED);
    }

    @Test
    void buildEventNeedsTypeAndBuildUuid() {
        RecordException noUuid =
                catchThrowableOfType(
                        RecordException.class,
                        () ->
                                Json.parseBuildEvent(
                                        utf8(
                                                "{\"type\":\""
                                                        + BuildEvent.FAILED
                                                        + "\",\"payload\":{}}")));
        assertThat(noUuid.reason()).isEqualTo("missing-build-id");
        RecordException noPayload =
                catchThrowableOfType(
                        RecordException.class,
                        () ->
                                Json.parseBuildEvent(
                                        utf8("{\"type\":\"" + BuildEvent.FAILED + "\"}")));
        assertThat(noPayload.reason()).isEqualTo("missing-build-id");
        RecordException noType =
                catchThrowableOfType(
                        RecordException.class,
                        () -> Json.parseBuildEvent(utf8("{\"payload\":{\"buildUuid\":\"u\"}}")));
        assertThat(noType.reason()).isEqualTo("invalid-field");
    }

    @Test
    void buildEventSchemaVersionAsStringIsInvalidJson() {
        RecordException e =
                catchThrowableOfType(
                        RecordException.class,
                        () ->
                                Json.parseBuildEvent(
                                        utf8(
                                                "{\"type\":\"t\",\"payload\":{\"buildUuid\":\"u\"},"
                                                        + "\"metadata\":{\"eventSchemaVersion\":\"1\"}}")));
        assertThat(e.reason()).isEqualTo("invalid-json");
    }
}
