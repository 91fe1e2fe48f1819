package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader never disagrees with the mapper: what it reads, the mapper reads the same;
 * everything else (escapes, non-ASCII, unknown fields, odd numbers, broken syntax) it leaves to the
 * usual path.
 */
class AsciiLogLineReaderTest {
    private static final List<String> READ =
            List.of(
                    "{\"buildId\":\"b-1\",\"seq\":3,\"timestamp\":\"2025-05-29T13:00:00Z\",\"text\":\"hi\"}",
                    "{\"text\":\"x\",\"seq\":1,\"buildId\":\"b\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"timestamp\":null,\"text\":\"\"}",
                    " \t{ \"buildId\" : \"b\" ,\r\n \"seq\" : 42 , \"text\" : \"a b\" }\n ",
                    "{\"buildId\":\"b\",\"seq\":999999999999999999,\"text\":\"npm ERR! code E404\"}",
                    "{\"buildId\":null,\"seq\":0,\"text\":null}",
                    "{\"buildId\":\"b\",\"seq\":7,\"text\":\"~ DEL\u007f and {\"}",
                    "{}");

    private static final List<String> LEFT_TO_THE_USUAL_WAY =
            List.of(
                    "",
                    "null",
                    "[]",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"say \\\"hi\\\"\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"a\\u001b[31m\"}",
                    "{\"buildId\":\"✘\",\"seq\":2,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":2,\"text\":\"ünïcode\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"tab\there\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\",\"extra\":1}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"first\",\"text\":\"second\"}",
                    "{\"buildId\":\"b\",\"seq\":-4,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":01,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":1.0,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":1e3,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":\"12\",\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":null,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":9223372036854775807,\"text\":\"x\"}",
                    "{\"buildId\":5,\"seq\":1,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":true}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":nullx}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"} {}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"}garbage",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\",}",
                    "{\"buildId\":\"b\" \"seq\":1}",
                    "{'buildId':'b'}",
                    "\uFEFF{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"}",
                    "\u0000\u0001binary");

    @Test
    void readsThePlainAsciiShapeAsTheMapperDoes() throws Exception {
        for (String json : READ) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            LogLine fast = AsciiLogLineReader.read(bytes);
            assertThat(fast).as(json).isNotNull();
            assertThat(fast).as(json).isEqualTo(Json.parse(bytes, LogLine.class));
        }
    }

    @Test
    void leavesEverythingElseToTheUsualWay() {
        for (String json : LEFT_TO_THE_USUAL_WAY) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(AsciiLogLineReader.read(bytes)).as(json).isNull();
        }
    }

    /**
     * Random one-byte changes to real-looking records: whenever the reader still takes one, the
     * mapper must take it too, with the same fields.
     */
    @Test
    void neverDisagreesWithTheMapperOnDamagedRecords() {
        byte[] alphabet =
                "{}[]\",:\\ \t\n0123456789-.eEnulltrxb\u007f\u0001"
                        .getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(42);
        int taken = 0;
        for (int round = 0; round < 20_000; round++) {
            String json =
                    READ.get(random.nextInt(READ.size() - 1)); // all but "{}": too short to damage
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            int changes = 1 + random.nextInt(2);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(bytes.length);
                bytes[at] =
                        random.nextInt(8) == 0
                                ? (byte) (0x80 | random.nextInt(0x80))
                                : alphabet[random.nextInt(alphabet.length)];
            }
            LogLine fast = AsciiLogLineReader.read(bytes);
            if (fast == null) {
                continue;
            }
            taken++;
            LogLine mapped;
            try {
                mapped = Json.parse(bytes, LogLine.class);
            } catch (RecordException e) {
                throw new AssertionError(
                        "taken here but refused by the mapper: "
                                + new String(bytes, StandardCharsets.ISO_8859_1),
                        e);
            }
            assertThat(fast).as(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(mapped);
        }
        assertThat(taken).as("damaged records still taken (changes inside strings)").isPositive();
    }

    @Test
    void parseLogLineStillValidatesWhatTheReaderTakes() {
        byte[] noText = "{\"buildId\":\"b\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(AsciiLogLineReader.read(noText)).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parseLogLine(noText))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("no text");
    }
}
