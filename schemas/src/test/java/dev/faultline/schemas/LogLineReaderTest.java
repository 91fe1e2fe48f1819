package dev.faultline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader never disagrees with the mapper: whatever it reads, the mapper reads the
 * same way; everything else it leaves to the mapper, so errors and dead letters stay the mapper's.
 */
class LogLineReaderTest {
    private static final List<String> PLAIN =
            List.of(
                    "{\"buildId\":\"b-1\",\"seq\":3,\"timestamp\":\"2025-05-29T13:00:00Z\",\"text\":\"hi\"}",
                    "{\"text\":\"x\",\"seq\":1,\"buildId\":\"b\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"timestamp\":null,\"text\":\"\"}",
                    "  {\"buildId\":\"b\",\"seq\":9223372036854775807,\"text\":\"a\\u001b[31m\\\"q\\\"\"}  \n",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"n\":1.5}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"first\",\"text\":\"second\"}",
                    "{\"buildId\":null,\"seq\":0,\"text\":null}",
                    "{\"seq\":-4}",
                    "{}",
                    "{\"buildId\":\"✘ ö\",\"seq\":2,\"text\":\"\uD83D\uDE00 ünïcode\"}");

    private static final List<String> NOT_PLAIN =
            List.of(
                    "",
                    "   ",
                    "null",
                    "[]",
                    "42",
                    "\"text\"",
                    "{\"buildId\":\"b\",\"seq\":\"12\",\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":1.0,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":null,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":99999999999999999999,\"text\":\"x\"}",
                    "{\"buildId\":5,\"seq\":1,\"text\":\"x\"}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":true}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":[\"x\"]}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":{\"x\":1}}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"} {}",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"}garbage",
                    "{\"buildId\":\"b\",\"seq\":1,\"text\":\"x\"",
                    "{\"buildId\":\"b\" \"seq\":1}",
                    "{'buildId':'b'}",
                    "\u0000\u0001binary");

    @Test
    void readsThePlainShapeAsTheMapperDoes() throws Exception {
        for (String json : PLAIN) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            LogLine fast = LogLineReader.read(Json.mapper().getFactory(), bytes);
            assertThat(fast).as(json).isNotNull();
            assertThat(fast).as(json).isEqualTo(Json.parse(bytes, LogLine.class));
        }
    }

    @Test
    void leavesEverythingElseToTheMapper() {
        for (String json : NOT_PLAIN) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(LogLineReader.read(Json.mapper().getFactory(), bytes)).as(json).isNull();
        }
    }
}
