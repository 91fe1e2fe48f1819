package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.TestLogs;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.Hit;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A line with colour codes or carriage returns is tagged where it lies (escape sequences stepped
 * over, segments cut out only when something is on them). That must tag it exactly as tagging each
 * segment that {@link LineNormalizer#segments} shows, one after the other: same hits and summaries,
 * steps, markers, error score and evidence text. Checked on real lines (the sample archive, and the
 * LogChunks Travis logs when {@code ../shared} is there: a third of their lines are coloured) and
 * on real lines with colour codes, progress segments and broken escapes put in at random places.
 */
class DisplayedLineTaggingTest {
    private static final String[] ESCAPES = {
        "\u001b[31m",
        "\u001b[1;32m",
        "\u001b[0m",
        "\u001b[0K",
        "\u001b[2K",
        "\u001b[?25l",
        "\u001b]0;title\u0007",
        "\u001b]8;;https://example.com\u001b\\",
        "\u001b(B",
        "\u001b=",
        "\u001b]0;a\rb\u0007",
        "\u001b[1\r2m",
    };

    private static SignatureCatalog catalog;
    private static List<String> samples;

    @BeforeAll
    static void load() throws IOException {
        catalog = CatalogLoader.loadDefault();
        samples = texts(TestLogs.files(TestLogs.SAMPLE));
    }

    @Test
    void realLinesTagAsTheirSegmentsDo() throws IOException {
        List<String> lines = texts(TestLogs.realLogs());
        long displayed = lines.stream().filter(l -> !LineNormalizer.isPlain(l)).count();
        assertThat(displayed).as("lines with colour codes or carriage returns").isGreaterThan(10);
        assertTaggedAsSegments(lines);
    }

    @Test
    void linesWithEscapesAndProgressAnywhereTagAsTheirSegmentsDo() {
        Random random = new Random(6);
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            lines.add(mangle(samples.get(random.nextInt(samples.size())), random));
        }
        assertTaggedAsSegments(lines);
    }

    @Test
    void aLiteralSplitByAColourCodeIsStillFound() {
        LineTagger tagger = new LineTagger(catalog);
        TaggedLine t =
                tagger.tag(
                        new LogLine("b", 1, null, "npm ER\u001b[31mR! code E\u001b[0mRESOLVE\r"));
        assertThat(describe(t))
                .isEqualTo(describe(bySegments(new LineTagger(catalog), "npm ERR! code ERESOLVE")));
        assertThat(t.text).isEqualTo("npm ERR! code ERESOLVE");
    }

    private static void assertTaggedAsSegments(List<String> lines) {
        LineTagger inPlace = new LineTagger(catalog);
        LineTagger reference = new LineTagger(catalog);
        int tagged = 0;
        for (String line : lines) {
            TaggedLine t = inPlace.tag(new LogLine("b", 7, "2025-05-29T13:00:01.123Z", line));
            assertThat(describe(t)).as("%s", line).isEqualTo(describe(bySegments(reference, line)));
            tagged += t.isInteresting() ? 1 : 0;
        }
        assertThat(tagged).as("lines with something on them").isGreaterThan(lines.size() / 50);
    }

    /**
     * What the tagger gave before it tagged in place: each displayed segment on its own, in order.
     */
    private static TaggedLine bySegments(LineTagger tagger, String raw) {
        if (raw.length() > LineTagger.MAX_TAGGED_CHARS) {
            raw = raw.substring(0, LineTagger.MAX_TAGGED_CHARS);
        }
        TaggedLine out = new TaggedLine();
        List<Hit> hits = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        String matchedText = null;
        String scoreText = null;
        for (String segment : LineNormalizer.segments(raw)) {
            TaggedLine s = tagger.tag(new LogLine("b", 7, "2025-05-29T13:00:01.123Z", segment));
            boolean matched =
                    s.hits != null
                            || s.steps != null
                            || s.stage != null
                            || s.step != null
                            || s.end != null
                            || s.boundary != TaggedLine.NO_BOUNDARY;
            if (s.hits != null) {
                hits.addAll(Arrays.asList(s.hits));
            }
            if (s.steps != null) {
                steps.addAll(Arrays.asList(s.steps));
            }
            out.stage = s.stage != null ? s.stage : out.stage;
            out.step = s.step != null ? s.step : out.step;
            out.end = s.end != null ? s.end : out.end;
            out.boundary = s.boundary != TaggedLine.NO_BOUNDARY ? s.boundary : out.boundary;
            if (matched && matchedText == null) {
                matchedText = segment;
            }
            if (s.errorScore > out.errorScore) {
                out.errorScore = s.errorScore;
                scoreText = segment;
            }
        }
        out.hits = hits.isEmpty() ? null : hits.toArray(new Hit[0]);
        out.steps = steps.isEmpty() ? null : steps.toArray(new String[0]);
        out.text = matchedText != null ? matchedText : out.errorScore > 0 ? scoreText : null;
        return out;
    }

    private static String describe(TaggedLine t) {
        String hits =
                t.hits == null
                        ? "-"
                        : Arrays.stream(t.hits)
                                .map(h -> h.id + "=" + h.summary)
                                .collect(Collectors.joining(";"));
        return "hits "
                + hits
                + " | steps "
                + (t.steps == null ? "-" : String.join(";", t.steps))
                + " | stage "
                + t.stage
                + " | step "
                + t.step
                + " | end "
                + t.end
                + " | block "
                + t.boundary
                + " | score "
                + t.errorScore
                + " | text "
                + t.text;
    }

    /**
     * A real line with colour codes, progress segments, blank segments or broken escapes put in.
     */
    private static String mangle(String line, Random random) {
        StringBuilder s = new StringBuilder(line);
        for (int k = random.nextInt(4); k > 0; k--) {
            s.insert(random.nextInt(s.length() + 1), ESCAPES[random.nextInt(ESCAPES.length)]);
        }
        switch (random.nextInt(8)) {
            case 0 -> s.insert(0, "Downloading 10%\r   \r");
            case 1 -> s.append('\r').append(samples.get(random.nextInt(samples.size())));
            case 2 -> s.append("\r\u001b[K");
            case 3 -> s.append("\u001b[12");
            case 4 -> s.append('\u001b');
            case 5 -> s.insert(random.nextInt(s.length() + 1), '\r');
            case 6 -> s.append('\r');
            default -> {}
        }
        return s.toString();
    }

    private static List<String> texts(List<Path> logs) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path log : logs) {
            TestLogs.lines(log).forEach(line -> out.add(line.text));
        }
        return out;
    }
}
