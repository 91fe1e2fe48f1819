package dev.faultline.connectors.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n} only (a trailing {@code \r} stays with its line),
 * keeping at most {@link #MAX_LINE_BYTES} of each line in memory, so a 10 MB line cannot exhaust
 * the heap.
 */
final class LineSplitter {
    /** Bytes of one line kept; the rest of a longer line is skipped (and reported). */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean truncated;
    private boolean binary;
    private boolean eof;

    /** The current line: in the read buffer when it lies there whole, else in {@link #line}. */
    private byte[] bytes;

    private int offset;
    private int length;

    LineSplitter(InputStream in) {
        this(in, new byte[64 * 1024]);
    }

    /**
     * @param buffer read buffer, reused across files by a reader that opens one file after another
     *     (a backfill opens hundreds of thousands of small logs; a fresh 64 KB buffer each was GC
     *     churn)
     */
    LineSplitter(InputStream in, byte[] buffer) {
        this(in, buffer, 0);
    }

    /**
     * As above, with the stream's first {@code buffered} bytes already read into {@code buffer}.
     */
    LineSplitter(InputStream in, byte[] buffer, int buffered) {
        this.in = in;
        this.buffer = buffer;
        this.limit = buffered;
    }

    /** The next line, or null at the end of the stream. */
    String next() throws IOException {
        return advance() ? text(0, length) : null;
    }

    /**
     * Moves to the next line; false at the end of the stream. The line's bytes are {@link
     * #bytes()}{@code [}{@link #offset()}{@code , +}{@link #length()}{@code )} until the next call,
     * so a caller can split it before decoding anything (see {@link LogLineParser}).
     */
    boolean advance() throws IOException {
        lineLength = 0;
        truncated = false;
        binary = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return any && current(line, 0, lineLength);
                }
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    continue;
                }
            }
            any = true;
            // Scan to the next newline in bulk; note control bytes on the way.
            final byte[] buf = buffer;
            final int lim = limit;
            int start = pos;
            int end = start;
            boolean control = false;
            while ((end = ControlBytes.next(buf, end, lim)) < lim) {
                byte b = buf[end];
                if (b == '\n') {
                    break;
                }
                control |= b != '\t' && b != '\r' && b != 0x1b && b != '\f' && b != '\b';
                end++;
            }
            binary |= control;
            int n = end - start;
            if (end < lim && lineLength == 0 && n <= MAX_LINE_BYTES) {
                pos = end + 1; // the whole line lies in the buffer: use it from there, no copy
                return current(buf, start, n);
            }
            int keep = Math.min(n, MAX_LINE_BYTES - lineLength);
            if (keep > 0) {
                if (lineLength + keep > line.length) {
                    line =
                            Arrays.copyOf(
                                    line,
                                    Math.min(
                                            MAX_LINE_BYTES,
                                            Math.max(line.length * 2, lineLength + keep)));
                }
                System.arraycopy(buf, start, line, lineLength, keep);
                lineLength += keep;
            }
            truncated |= keep < n;
            if (end < lim) {
                pos = end + 1;
                return current(line, 0, lineLength);
            }
            pos = lim;
        }
    }

    private boolean current(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return true;
    }

    /** The current line's bytes (see {@link #advance()}). */
    byte[] bytes() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** Bytes {@code [from, to)} of the current line as text. */
    String text(int from, int to) {
        String s = new String(bytes, offset + from, to - from, StandardCharsets.UTF_8);
        if (binary) {
            // Control bytes would only confuse JSON consumers and terminals: show them as U+FFFD.
            StringBuilder clean = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean control = c < 0x20 && c != '\t' && c != '\r' && c != 0x1b;
                clean.append(control ? '\uFFFD' : c);
            }
            s = clean.toString();
        }
        return s;
    }

    /** Whether the last line was longer than {@link #MAX_LINE_BYTES}. */
    boolean truncated() {
        return truncated;
    }

    /** Whether the last line held control bytes that text logs do not contain. */
    boolean binary() {
        return binary;
    }
}
