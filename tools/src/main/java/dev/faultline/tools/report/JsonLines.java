package dev.faultline.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Feeds each line of a JSON-lines file to a consumer as a byte range of one reused buffer: no
 * String per line, no UTF-8 decoding of the fields nobody reads.
 */
final class JsonLines {
    /** Receives one line (without its {@code \n} or {@code \r\n}). */
    interface LineConsumer {
        void accept(byte[] bytes, int off, int len, long lineNumber);
    }

    private JsonLines() {}

    /** Returns the number of lines read; blank lines are passed on too (the consumer decides). */
    static long forEach(Path file, LineConsumer each) throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int lineLen = 0;
        long lineNumber = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    if (lineLen == 0) {
                        // The whole line is inside this chunk: no copy.
                        each.accept(chunk, start, trimCr(chunk, start, i - start), ++lineNumber);
                    } else {
                        line = append(line, lineLen, chunk, start, i - start);
                        lineLen += i - start;
                        each.accept(line, 0, trimCr(line, 0, lineLen), ++lineNumber);
                        lineLen = 0;
                    }
                    start = i + 1;
                }
                if (start < n) {
                    line = append(line, lineLen, chunk, start, n - start);
                    lineLen += n - start;
                }
            }
        }
        if (lineLen > 0) {
            each.accept(line, 0, trimCr(line, 0, lineLen), ++lineNumber);
        }
        return lineNumber;
    }

    private static byte[] append(byte[] line, int lineLen, byte[] src, int off, int len) {
        if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
        }
        System.arraycopy(src, off, line, lineLen, len);
        return line;
    }

    private static int trimCr(byte[] b, int off, int len) {
        return len > 0 && b[off + len - 1] == '\r' ? len - 1 : len;
    }
}
