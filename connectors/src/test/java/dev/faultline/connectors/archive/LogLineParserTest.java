package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.schemas.LogLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a line from its bytes gives exactly what splitting its decoded text gives. */
class LogLineParserTest {
    private static final List<String> LINES =
            List.of(
                    "2025-05-29T13:00:01.123Z\tCloning repository...",
                    "2025-05-29T13:00:01Z\tshort stamp",
                    "2025-05-29T13:00:01.123456789+00:00\tlong stamp",
                    "2025-05-29T13:00:01.123Z\t",
                    "2025-05-29T13:00:01.123Z\t✘ [ERROR] non-ASCII text",
                    "2025-05-29T13:00:01.123Zé\tnon-ASCII before the tab",
                    "2é25-05-29T13:00:01.123Z\tnon-ASCII inside the stamp",
                    "no timestamp\tbut a tab",
                    "2025-05-29 13:00:01.123Z\tspace instead of T",
                    "plain line without a tab",
                    "",
                    "2025-05-29T13:00:01.123Z\ttext with a CR\r",
                    "2025-05-29T13:00:01.12\u0001Z\tcontrol byte in the stamp",
                    "2025-05-29T13:00:01.123Z\tcontrol \u0002 byte in the text",
                    "\t2025-05-29T13:00:01.123Z leading tab",
                    "2025-05-29T13:00:01.123Z" + "0".repeat(17) + "\ttab past the longest stamp",
                    "2024-05-01T10:00:01.1234567Z ##[group]Run npm test",
                    "2024-05-01T10:00:01.123 +0000\tspace inside a stamp, then a tab",
                    "2024-05-01T10:00:01.123 local time, no zone",
                    "2024-05-01T10:00:01.1234567Z");

    @Test
    void bytesAndTextGiveTheSameLine() throws Exception {
        byte[] all = String.join("\n", LINES).getBytes(StandardCharsets.UTF_8);
        LineSplitter fromBytes = new LineSplitter(new ByteArrayInputStream(all), new byte[64]);
        LineSplitter fromText = new LineSplitter(new ByteArrayInputStream(all), new byte[64]);
        List<String> viaBytes = new ArrayList<>();
        List<String> viaText = new ArrayList<>();
        long seq = 0;
        while (fromBytes.advance()) {
            seq++;
            viaBytes.add(show(LogLineParser.parse("b", seq, fromBytes)));
            viaText.add(show(LogLineParser.parse("b", seq, fromText.next())));
        }
        assertThat(fromText.next()).isNull();
        assertThat(viaBytes).hasSize(LINES.size()).containsExactlyElementsOf(viaText);
        assertThat(viaBytes.get(0)).isEqualTo("1|2025-05-29T13:00:01.123Z|Cloning repository...");
        assertThat(viaBytes.get(5)).startsWith("6|null|");
        assertThat(viaBytes.get(13))
                .isEqualTo("14|2025-05-29T13:00:01.123Z|control \uFFFD byte in the text");
        // GitHub Actions separates its UTC stamp with a space
        assertThat(viaBytes.get(16))
                .isEqualTo("17|2024-05-01T10:00:01.1234567Z|##[group]Run npm test");
        assertThat(viaBytes.get(17))
                .isEqualTo("18|2024-05-01T10:00:01.123 +0000|space inside a stamp, then a tab");
        assertThat(viaBytes.get(18)).startsWith("19|null|");
        assertThat(viaBytes.get(19)).startsWith("20|null|");
    }

    private static String show(LogLine l) {
        return l.seq + "|" + l.timestamp + "|" + l.text;
    }
}
