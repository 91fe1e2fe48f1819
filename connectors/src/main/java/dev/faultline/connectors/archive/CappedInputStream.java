package dev.faultline.connectors.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a stream after {@code cap} bytes, as if the file ended there, and tells whether there was
 * more. Counting happens per read call (64 KB blocks), not per byte or line.
 */
final class CappedInputStream extends FilterInputStream {
    private long remaining;
    private boolean capped;

    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.remaining = cap;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            // Exactly at the cap: one more byte tells a file of exactly the cap's size from a
            // longer one.
            if (!capped && in.read() >= 0) {
                capped = true;
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes count like read ones, or skipping would get around the cap.
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r <= 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Whether the stream held more than the cap (known once it was read up to the cap). */
    boolean capped() {
        return capped;
    }
}
