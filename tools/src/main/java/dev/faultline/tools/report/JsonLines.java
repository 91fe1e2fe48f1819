package dev.faultline.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Feeds each line of a JSON-lines file to a consumer as a byte range of one reused buffer: no
 * String per line, no UTF-8 decoding of the fields nobody reads. A file can be read in byte ranges
 * by several threads: each range gets the lines that start inside it.
 */
final class JsonLines {
    /** Receives one line (without its {@code \n} or {@code \r\n}), numbered from 1 in its range. */
    interface LineConsumer {
        void accept(byte[] bytes, int off, int len, long lineNumber);
    }

    private JsonLines() {}

    /** The whole file; returns the number of lines read (blank lines too: the consumer decides). */
    static long forEach(Path file, LineConsumer each) throws IOException {
        return forEach(file, 0, Long.MAX_VALUE, each);
    }

    /**
     * The lines that start at a byte offset in {@code [from, to)}; a line that starts before {@code
     * to} is read to its end. Returns the number of lines read.
     */
    static long forEach(Path file, long from, long to, LineConsumer each) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = from;
            if (from > 0) {
                // The line under `from` belongs to the range before, unless `from` starts it.
                start = nextLineStart(ch, from - 1);
            }
            ch.position(start);
            return read(Channels.newInputStream(ch), start, to, each);
        }
    }

    /** The offset just after the first {@code \n} at or after {@code at} (or the file's size). */
    static long nextLineStart(FileChannel ch, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 14);
        long pos = at;
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n < 0) {
                return ch.size();
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
    }

    private static long read(InputStream in, long start, long to, LineConsumer each)
            throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int lineLen = 0;
        long lineNumber = 0;
        long lineStart = start; // file offset of the line being read
        long chunkOffset = start;
        for (int n = in.read(chunk); n >= 0 && lineStart < to; n = in.read(chunk)) {
            int begin = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                if (lineLen == 0) {
                    // The whole line is inside this chunk: no copy.
                    each.accept(chunk, begin, trimCr(chunk, begin, i - begin), ++lineNumber);
                } else {
                    line = append(line, lineLen, chunk, begin, i - begin);
                    lineLen += i - begin;
                    each.accept(line, 0, trimCr(line, 0, lineLen), ++lineNumber);
                    lineLen = 0;
                }
                begin = i + 1;
                lineStart = chunkOffset + begin;
                if (lineStart >= to) {
                    return lineNumber;
                }
            }
            if (begin < n) {
                line = append(line, lineLen, chunk, begin, n - begin);
                lineLen += n - begin;
            }
            chunkOffset += n;
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
