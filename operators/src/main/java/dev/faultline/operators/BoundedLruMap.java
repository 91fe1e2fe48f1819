package dev.faultline.operators;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond {@code maxEntries}: the bounded,
 * per-instance memory operators keep beside their Flink state (never checkpointed; losing an entry
 * only costs work).
 */
public final class BoundedLruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private final int maxEntries;

    public BoundedLruMap(int maxEntries) {
        super(Math.min(maxEntries, 1024), 0.75f, true);
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
    }
}
