package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.verdict.LineMasker;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lines shaped to hurt the regexes the job runs on input: the default catalog's rules (through the
 * tagger, summaries included) and the masker. Each must take time linear in the line, at 8 KB and
 * at 64 KB (the longest line the sources pass on), and must not throw.
 */
class HostileLineTaggingTest {
    private static final SignatureCatalog CATALOG = CatalogLoader.loadDefault();

    /** Generous for a shared 2-core CI machine; a quadratic shape takes seconds at 64 KB. */
    private static final long MAX_MILLIS = 300;

    private static LineTagger tagger;

    @BeforeAll
    static void warmUp() {
        tagger = new LineTagger(CATALOG);
        for (int i = 0; i < 200; i++) {
            tagger.tag(new LogLine("w", i, null, "npm ERR! code E404 warm-up line " + i));
        }
    }

    static List<String> shapes() {
        List<String> out = new ArrayList<>();
        for (int size : new int[] {8 * 1024, 64 * 1024}) {
            out.add(fill("a.", size) + "Error: boom"); // the dotted-name group, 4,000 times
            out.add(fill("Aa.", size) + "Exception: boom");
            out.add("java.lang." + fill("A", size) + "Exception");
            out.add("Error: " + fill(" ", size) + "x"); // dangling-punctuation trim
            out.add("error: " + fill(": ", size));
            out.add(fill("/a", size) + " MD013/line-length");
            out.add(fill("1.", size) + " failing");
            out.add("Tests run: 1, Failures: 1, Errors: " + fill("1", size) + " <<<");
            out.add(fill("\t", size) + "npm ERR!");
            out.add(fill("Error: ", size));
            out.add(fill("npm ERR! ", size));
            out.add("Executing user " + fill("a-", size) + " deploy command:");
            out.add(fill("x", size));
            out.add(fill("\u001b[31m", size) + "error");
            out.add(fill("é€", size) + " ERR_PNPM");
        }
        return out;
    }

    private static String fill(String unit, int size) {
        return unit.repeat(Math.max(1, size / unit.length()));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void tagsAndMasksInLinearTime(String line) {
        long start = System.nanoTime();
        TaggedLine t = tagger.tag(new LogLine("b", 1, null, line));
        String masked = LineMasker.mask(t.text);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis)
                .as("took %d ms on %s...", millis, line.substring(0, 20))
                .isLessThan(MAX_MILLIS);
        assertThat(tagger.regexStackOverflows()).isZero();
        assertThat(masked.length()).isLessThanOrEqualTo(300);
        if (t.hits != null) {
            for (var hit : t.hits) {
                assertThat(hit.summary == null ? 0 : hit.summary.length()).isLessThan(2_000);
            }
        }
    }
}
