package dev.faultline.bench;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.LineRule;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.operators.tagging.LiteralScanner;
import dev.faultline.schemas.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Tagging throughput of one {@link LineTagger} (one Flink subtask, one thread) over real log lines;
 * an operation is one line. {@code literalScan} is only the Aho–Corasick prefilter over the same
 * lines (no normalization, no regex confirmation, no result objects): the floor under {@code tag}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class LineTaggingBenchmark extends FlinkJvm {
    static final int BATCH = 4096;

    /**
     * {@code archive}: testdata/sample-archive; {@code logchunks}: real Travis logs; {@code
     * generated}: the backfill benchmark's generated archive (the last two fall back to archive
     * when absent).
     */
    @Param({"archive", "logchunks", "generated"})
    public String corpus;

    private LogLine[] lines;
    private int cursor;
    private LineTagger tagger;
    private LiteralScanner scanner;
    private long found;

    @Setup(Level.Trial)
    public void setUp() {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        tagger = new LineTagger(catalog);
        scanner = literalScanner(catalog);
        List<LogLine> all = Corpus.flatten(Corpus.load(corpus));
        lines = all.toArray(new LogLine[0]);
        long chars = 0;
        long tagged = 0;
        for (LogLine l : lines) {
            chars += l.text.length();
            tagged += tagger.tag(l).isInteresting() ? 1 : 0;
        }
        System.out.printf(
                "%n[bench] corpus=%s: %d lines, %.1f MB of text, %.1f chars/line, %.1f%% lines with a tag or error word%n",
                corpus,
                lines.length,
                chars / 1048576.0,
                (double) chars / lines.length,
                100.0 * tagged / lines.length);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tag(Blackhole bh) {
        LogLine[] ls = lines;
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(tagger.tag(ls[c]));
            if (++c == ls.length) {
                c = 0;
            }
        }
        cursor = c;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long literalScan() {
        LogLine[] ls = lines;
        int c = cursor;
        found = 0;
        for (int i = 0; i < BATCH; i++) {
            String text = ls[c].text;
            scanner.scan(
                    text, 0, Math.min(text.length(), LineTagger.MAX_TAGGED_CHARS), this::found);
            if (++c == ls.length) {
                c = 0;
            }
        }
        cursor = c;
        return found;
    }

    private void found(int payload) {
        found += payload;
    }

    /**
     * The same automaton LineTagger builds: every rule literal plus the (package-private) error
     * words.
     */
    @SuppressWarnings("unchecked")
    static LiteralScanner literalScanner(SignatureCatalog catalog) {
        List<String> literals = new ArrayList<>();
        List<Integer> payloads = new ArrayList<>();
        for (LineRule r : catalog.rules()) {
            for (String lit : r.literals) {
                literals.add(lit);
                payloads.add(r.index);
            }
        }
        try {
            var field =
                    Class.forName("dev.faultline.operators.tagging.ErrorWords")
                            .getDeclaredField("WORDS");
            field.setAccessible(true);
            List<String> words = (List<String>) field.get(null);
            for (int w = 0; w < words.size(); w++) {
                literals.add(words.get(w));
                payloads.add(-(w + 1));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println(
                    "[bench] error words not reachable (" + e + "); scanning rule literals only");
        }
        return new LiteralScanner(
                literals, payloads.stream().mapToInt(Integer::intValue).toArray());
    }
}
