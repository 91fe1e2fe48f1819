package dev.faultline.operators.verdict;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;

/**
 * A list with the {@link ListState} methods {@link BuildEvidence} uses, kept on the heap: the
 * evidence of a build decided in the same call that read its log is read back at once, so writing
 * it to RocksDB and clearing it again (a merge, a read and a tombstone per list) would buy nothing.
 * Never part of a checkpoint: it is empty again before the call returns.
 */
final class HeapListState<T> implements ListState<T> {
    private final List<T> items = new ArrayList<>();

    /** The items themselves (not a copy), or null when empty, as keyed list state returns it. */
    @Override
    public Iterable<T> get() {
        return items.isEmpty() ? null : items;
    }

    @Override
    public void add(T value) {
        items.add(value);
    }

    @Override
    public void addAll(List<T> values) {
        items.addAll(values);
    }

    /** Replaces the items; {@code values} may have been computed from {@link #get()}. */
    @Override
    public void update(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        items.clear();
        items.addAll(copy);
    }

    @Override
    public void clear() {
        items.clear();
    }
}
