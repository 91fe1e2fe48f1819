package dev.faultline.jobs.backfill;

import dev.faultline.connectors.files.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns the verdict sink's part files into {@code verdicts.jsonl} and the backfill's summary once
 * the job has finished. The parts are copied byte for byte (each holds whole lines) while a pool of
 * up to one thread per core summarizes them, a summary per part; the summaries merge in file order.
 * Decoding every line to a string, binding it to a verdict and encoding it again took seconds for a
 * large backfill, with the whole machine otherwise idle.
 */
final class VerdictParts {
    private static final ByteBuffer NEWLINE = ByteBuffer.wrap(new byte[] {'\n'});

    private VerdictParts() {}

    /** Writes the parts, in order, to {@code target} and returns their summary. */
    static BackfillSummary mergeAndSummarize(List<Path> parts, Path target) throws IOException {
        int threads =
                Math.max(1, Math.min(parts.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BackfillSummary>> summaries = new ArrayList<>();
            for (Path part : parts) {
                summaries.add(pool.submit(() -> VerdictPartSummary.of(part)));
            }
            BackfillSummary all = new BackfillSummary();
            // The summaries are collected before the file is moved into place: a part that cannot
            // be read leaves no verdicts.jsonl behind.
            AtomicFile.writeBytes(
                    target,
                    out -> {
                        for (Path part : parts) {
                            append(part, out);
                        }
                        for (Future<BackfillSummary> s : summaries) {
                            all.merge(result(s));
                        }
                    });
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static BackfillSummary result(Future<BackfillSummary> summary) throws IOException {
        try {
            return summary.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted summarizing verdicts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Copies {@code part} to the end of {@code out}, ending it with a newline if it lacks one. */
    private static void append(Path part, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
            long size = in.size();
            for (long at = 0; at < size; ) {
                at += in.transferTo(at, size - at, out);
            }
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                in.read(last, size - 1);
                if (last.get(0) != '\n') {
                    out.write(NEWLINE.duplicate());
                }
            }
        }
    }
}
