package dev.faultline.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir Path tmp;

    @Test
    void splitsOnNewlinesAcrossChunkBoundariesAndDropsCarriageReturns() throws Exception {
        // Longer than a read chunk (64 KiB) and the initial line buffer: it must come out whole.
        String big = "x".repeat(200_000);
        String text = "a\r\n\nü€\n" + big + "\nlast";
        Path f = tmp.resolve("f.jsonl");
        Files.writeString(f, text);
        List<String> lines = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        long n =
                JsonLines.forEach(
                        f,
                        (b, off, len, no) -> {
                            lines.add(new String(b, off, len, StandardCharsets.UTF_8));
                            numbers.add(no);
                        });
        assertThat(n).isEqualTo(5);
        assertThat(lines).containsExactly("a", "", "ü€", big, "last");
        assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
}
