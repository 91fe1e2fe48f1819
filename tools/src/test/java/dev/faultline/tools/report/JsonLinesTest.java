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

    @Test
    void rangesSplitAnywhereGiveEveryLineExactlyOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String line = "line-" + i + "-" + "y".repeat(i % 7 == 0 ? 70_000 : i % 13);
            expected.add(line);
            text.append(line).append('\n');
        }
        text.append("no newline at the end");
        expected.add("no newline at the end");
        Path f = tmp.resolve("f.jsonl");
        Files.writeString(f, text);
        long size = Files.size(f);
        for (long[] cuts :
                new long[][] {
                    {0, size}, {0, 1, size}, {0, size / 3, 2 * size / 3, size}, {0, 7, 8, 9, size}
                }) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i + 1 < cuts.length; i++) {
                long to = i + 2 == cuts.length ? Long.MAX_VALUE : cuts[i + 1];
                JsonLines.forEach(
                        f,
                        cuts[i],
                        to,
                        (b, off, len, no) ->
                                lines.add(new String(b, off, len, StandardCharsets.UTF_8)));
            }
            assertThat(lines).as("cut at %s", java.util.Arrays.toString(cuts)).isEqualTo(expected);
        }
    }
}
