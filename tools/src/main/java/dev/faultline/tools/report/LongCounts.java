package dev.faultline.tools.report;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * Counts per {@code long} key (an hour since the epoch) in two primitive arrays: a signature's
 * hourly trend over a year of verdicts is thousands of keys, and boxed map entries would cost ten
 * times the memory.
 */
final class LongCounts {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private long[] values;
    private int size;

    LongCounts() {
        keys = new long[16];
        values = new long[16];
        Arrays.fill(keys, EMPTY);
    }

    void add(long key, long delta) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("key " + key + " is reserved");
        }
        int i = slot(keys, key);
        if (keys[i] == EMPTY) {
            keys[i] = key;
            size++;
            if (size * 2 > keys.length) {
                grow();
                i = slot(keys, key);
            }
        }
        values[i] += delta;
    }

    long get(long key) {
        int i = slot(keys, key);
        return keys[i] == EMPTY ? 0 : values[i];
    }

    int size() {
        return size;
    }

    /** Calls {@code each(key, count)} for every key, in no particular order. */
    void forEach(LongBinaryOperator each) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                each.applyAsLong(keys[i], values[i]);
            }
        }
    }

    private static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = slot(keys, oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
