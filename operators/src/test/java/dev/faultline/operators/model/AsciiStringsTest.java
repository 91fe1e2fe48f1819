package dev.faultline.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every string comes back exactly: null, empty, ASCII, Latin-1, wide and lone surrogates. */
class AsciiStringsTest {
    @Test
    void everyStringRoundTripsExactly() throws Exception {
        List<String> strings =
                Arrays.asList(
                        null,
                        "",
                        "npm ERR! Missing script: \"build\"",
                        "\u001b[31merror\u001b[0m\t\r",
                        "caf\u00e9 \u00ff",
                        "✘ [ERROR] Could not resolve \"ö\"",
                        "\uD83D\uDE00 emoji",
                        "lone \uD800 surrogate \uDFFF",
                        "x".repeat(70_000));
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (String s : strings) {
            AsciiStrings.write(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : strings) {
            assertThat(AsciiStrings.read(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }
}
