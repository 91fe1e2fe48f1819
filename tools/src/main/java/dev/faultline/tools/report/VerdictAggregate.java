package dev.faultline.tools.report;

import dev.faultline.schemas.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Everything the report shows about verdicts, gathered in one pass over {@code verdicts.jsonl}:
 * counts per hour, per signature and per unknown-failure group, never one row per build, so the
 * memory stays the same for a thousand builds and for a million.
 */
final class VerdictAggregate {
    /** Line numbers of unreadable lines the report names; the rest are only counted. */
    static final int BAD_LINES_LISTED = 10;

    final TimeBuckets buckets = new TimeBuckets();
    final SignatureStats signatures = new SignatureStats();
    final UnknownGroups unknown = new UnknownGroups();
    final long[] outcomes = new long[TimeBuckets.OUTCOMES.size()];
    final long[] faults = new long[TimeBuckets.FAULTS.size()];
    long builds;
    long failures;
    long untimed;
    long badLines;
    final List<Long> badLineNumbers = new ArrayList<>();
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    private final VerdictLineParser parser = new VerdictLineParser();
    private final VerdictLine line = new VerdictLine();

    /** Below this size one thread reads the file: splitting it would cost more than it saves. */
    static final long SPLIT_ABOVE_BYTES = 32L << 20;

    /** Lines in this aggregate's part of the file, to number the next part's bad lines. */
    private long lineCount;

    /**
     * Reads the file in as many parts as there are processors (large files only), each into its own
     * aggregate, then merges them in file order: the same result as one pass, in less time.
     */
    static VerdictAggregate read(Path verdicts) throws IOException {
        long size = Files.size(verdicts);
        int parts =
                size < SPLIT_ABOVE_BYTES
                        ? 1
                        : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        return read(verdicts, parts);
    }

    /** As above, in {@code parts} parts. */
    static VerdictAggregate read(Path verdicts, int parts) throws IOException {
        long size = Files.size(verdicts);
        if (parts == 1) {
            return readPart(verdicts, 0, Long.MAX_VALUE);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts);
        try {
            List<Future<VerdictAggregate>> futures = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                long from = size * i / parts;
                long to = i == parts - 1 ? Long.MAX_VALUE : size * (i + 1) / parts;
                futures.add(pool.submit(() -> readPart(verdicts, from, to)));
            }
            VerdictAggregate all = futures.get(0).get();
            for (int i = 1; i < parts; i++) {
                all.merge(futures.get(i).get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + verdicts, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static VerdictAggregate readPart(Path verdicts, long from, long to) throws IOException {
        VerdictAggregate a = new VerdictAggregate();
        a.lineCount = JsonLines.forEach(verdicts, from, to, a::accept);
        return a;
    }

    /** Adds the part of the file that follows this one. */
    void merge(VerdictAggregate next) {
        buckets.merge(next.buckets);
        signatures.merge(next.signatures);
        unknown.merge(next.unknown);
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] += next.outcomes[i];
        }
        for (int i = 0; i < faults.length; i++) {
            faults[i] += next.faults[i];
        }
        builds += next.builds;
        failures += next.failures;
        untimed += next.untimed;
        badLines += next.badLines;
        for (long n : next.badLineNumbers) {
            if (badLineNumbers.size() < BAD_LINES_LISTED) {
                badLineNumbers.add(lineCount + n);
            }
        }
        lineCount += next.lineCount;
        firstMillis = Math.min(firstMillis, next.firstMillis);
        lastMillis = Math.max(lastMillis, next.lastMillis);
    }

    void accept(byte[] bytes, int off, int len, long lineNumber) {
        if (isBlank(bytes, off, len)) {
            return;
        }
        if (!parser.parse(bytes, off, len, line)) {
            badLines++;
            if (badLineNumbers.size() < BAD_LINES_LISTED) {
                badLineNumbers.add(lineNumber);
            }
            return;
        }
        add(line);
    }

    void add(VerdictLine v) {
        builds++;
        outcomes[TimeBuckets.index(TimeBuckets.OUTCOMES, v.outcome)]++;
        long millis = Timestamps.parseMillis(v.time());
        boolean timed = millis != Timestamps.NONE;
        if (timed) {
            firstMillis = Math.min(firstMillis, millis);
            lastMillis = Math.max(lastMillis, millis);
            buckets.add(millis, v);
        } else {
            untimed++;
        }
        // Counted on every verdict, as the summary counts them: a signature on a build that
        // still succeeded (a retried step) is worth seeing too.
        if (v.signature != null) {
            signatures.add(v, millis, timed);
        }
        if (!"failure".equals(v.outcome)) {
            return;
        }
        failures++;
        faults[TimeBuckets.index(TimeBuckets.FAULTS, v.fault)]++;
        if ("unknown".equals(v.category)) {
            unknown.add(v, millis, timed);
        }
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
