package dev.faultline.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time search finds what a byte-by-byte one finds, at every offset and length. */
class ControlBytesTest {
    @Test
    void findsTheFirstByteBelow0x20LikeAPlainLoop() {
        Random random = new Random(42);
        // Every byte value, and sparse control bytes among text, as logs have them.
        byte[] everyValue = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyValue[i] = (byte) (255 - i);
        }
        for (byte[] b : new byte[][] {everyValue, text(random, 300), text(random, 67)}) {
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= Math.min(b.length, from + 40); to++) {
                    assertThat(ControlBytes.next(b, from, to)).isEqualTo(plain(b, from, to));
                }
            }
        }
    }

    private static byte[] text(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(100);
            b[i] =
                    (byte)
                            (r < 3
                                    ? random.nextInt(0x20)
                                    : r < 6 ? 0x80 + random.nextInt(0x80) : 'a');
        }
        return b;
    }

    private static int plain(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] >= 0 && b[i] < 0x20) {
                return i;
            }
        }
        return to;
    }
}
