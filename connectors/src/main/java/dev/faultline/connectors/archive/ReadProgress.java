package dev.faultline.connectors.archive;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the archive readers of this JVM have got: files finished and lines read, for a backfill's
 * progress line. Readers add once per file and once per batch of records, never per line, so
 * counting costs nothing measurable. Only meaningful where the readers run in the JVM that reads
 * the counters (the embedded cluster of {@code java -jar}).
 */
public final class ReadProgress {
    private static final LongAdder FILES = new LongAdder();
    private static final LongAdder LINES = new LongAdder();

    private ReadProgress() {}

    /** Starts counting from zero (at the start of a backfill). */
    public static void reset() {
        FILES.reset();
        LINES.reset();
    }

    public static long filesRead() {
        return FILES.sum();
    }

    public static long linesRead() {
        return LINES.sum();
    }

    static void fileDone() {
        FILES.increment();
    }

    static void lines(long n) {
        if (n > 0) {
            LINES.add(n);
        }
    }
}
