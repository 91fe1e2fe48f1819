package dev.faultline.jobs.backfill;

import dev.faultline.connectors.archive.ReadProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The line a backfill on a terminal keeps rewriting on stderr, about once a second: files read of
 * the archive's total, lines per second, builds decided and the time left. It reads counters the
 * archive readers and the verdict output already keep ({@link ReadProgress}, {@link #verdict()}),
 * so the job does no extra work per line. Without a terminal ({@code System.console() == null}:
 * output piped or redirected, tests, CI) nothing is printed.
 */
final class BackfillProgress implements AutoCloseable {
    private static final LongAdder BUILDS = new LongAdder();
    private static final long INTERVAL_MILLIS = 1000;

    private final Thread thread;
    private final PrintStream out;
    private final Path archive;
    private final LongSupplier clock;

    /**
     * When reading began (the first line or file seen), so that the cluster's start-up does not
     * drag down the rate and inflate the time left; 0 until then.
     */
    private long readingSince;

    private volatile long totalFiles = -1;
    private volatile boolean running = true;
    private int lastWidth;

    private BackfillProgress(Path archive, PrintStream out, LongSupplier clock) {
        this.archive = archive;
        this.out = out;
        this.clock = clock;
        this.thread = new Thread(this::loop, "faultline-backfill-progress");
        this.thread.setDaemon(true);
    }

    /** Counts one decided build (called by the verdict output, once per build). */
    static void verdict() {
        BUILDS.increment();
    }

    /**
     * Resets the counters and, on a terminal, starts printing; the returned handle stops it and
     * ends the line.
     */
    static AutoCloseable start(Path archive) {
        ReadProgress.reset();
        BUILDS.reset();
        if (System.console() == null) {
            return () -> {};
        }
        BackfillProgress p = new BackfillProgress(archive, System.err, System::nanoTime);
        p.thread.start();
        return p;
    }

    private void loop() {
        totalFiles = countFiles(archive);
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print(false);
            }
        }
    }

    private synchronized void print(boolean last) {
        long now = clock.getAsLong();
        long files = ReadProgress.filesRead();
        long lines = ReadProgress.linesRead();
        if (readingSince == 0 && (files > 0 || lines > 0)) {
            // it began at most one interval ago
            readingSince = now - INTERVAL_MILLIS * 1_000_000L / 2;
        }
        double seconds = readingSince == 0 ? 0 : (now - readingSince) / 1e9;
        String line = line(files, totalFiles, lines, BUILDS.sum(), seconds);
        // '\r' and padding rewrite the previous line in place.
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad) + (last ? "\n" : ""));
        out.flush();
        lastWidth = line.length();
    }

    /** The progress line; {@code total < 0} while the archive is still being counted. */
    static String line(long files, long total, long lines, long builds, double seconds) {
        StringBuilder b = new StringBuilder("backfill: ");
        if (total >= 0) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%d/%d files (%d%%)",
                            files,
                            total,
                            total == 0 ? 100 : Math.min(100, 100 * files / total)));
        } else {
            b.append(files).append(" files");
        }
        double linesPerSecond = seconds > 0 ? lines / seconds : 0;
        b.append(
                String.format(
                        Locale.ROOT,
                        ", %,d lines, %,.0f lines/s, %,d builds decided",
                        lines,
                        linesPerSecond,
                        builds));
        if (total > 0 && files > 0 && files < total && seconds > 0) {
            long eta = Math.round((total - files) * seconds / files);
            b.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    private static long countFiles(Path archive) {
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException | RuntimeException e) {
            return -1; // unknown: the line shows files read without a total
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
        print(true);
    }
}
