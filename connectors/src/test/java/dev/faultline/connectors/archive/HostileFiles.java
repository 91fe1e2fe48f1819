package dev.faultline.connectors.archive;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Makes the hostile entries the archive tests read: FIFOs, gzip bombs, unlistable directories. */
public final class HostileFiles {
    private HostileFiles() {}

    /** A FIFO at {@code path}; the test is skipped where {@code mkfifo} is missing. */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        return path;
    }

    /**
     * A gzip of {@code lines} lines of {@code width} characters each: a few KB that inflate to
     * {@code lines * (width + 1)} bytes.
     */
    public static byte[] gzipBomb(int lines, int width) throws IOException {
        byte[] line = ("x".repeat(width) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes, 64 * 1024)) {
            for (int i = 0; i < lines; i++) {
                out.write(line);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Makes {@code dir} unlistable with mode 000 and says whether that took: it does not for root
     * (or with CAP_DAC_READ_SEARCH), which reads any directory whatever its mode.
     */
    public static boolean makeUnlistable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, java.util.Set.of());
        return dir.toFile().list() == null;
    }
}
