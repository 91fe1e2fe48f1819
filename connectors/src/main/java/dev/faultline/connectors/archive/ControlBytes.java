package dev.faultline.connectors.archive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next C0 control byte (below 0x20: newline, tab, NUL, ...) eight bytes at a time. Text
 * logs hold one or two per line (a tab after the timestamp, the newline), so the line splitter and
 * the binary probe jump from one to the next instead of testing every byte on its own.
 */
final class ControlBytes {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long TO_0X80_FROM_0X20 = 0x6060606060606060L;

    private ControlBytes() {}

    /** The index of the first byte of {@code b[from, to)} that is below 0x20, or {@code to}. */
    static int next(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long below = below0x20((long) LONGS.get(b, i));
            if (below != 0) {
                // Little-endian: the lowest set bit is the first such byte.
                return i + (Long.numberOfTrailingZeros(below) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] >= 0 && b[i] < 0x20) {
                return i;
            }
        }
        return to;
    }

    /**
     * The high bit of each byte of {@code x} set where that byte is below 0x20, exactly: the
     * addition cannot carry from one byte into the next (0x7F + 0x60 < 0x100), and bytes from 0x80
     * up are ruled out by their own high bit.
     */
    private static long below0x20(long x) {
        long sevenBitsPlus = (x & LOW_SEVEN) + TO_0X80_FROM_0X20;
        return ~(sevenBitsPlus | x) & HIGH;
    }
}
