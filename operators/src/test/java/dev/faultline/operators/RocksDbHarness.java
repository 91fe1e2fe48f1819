package dev.faultline.operators;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Keyed operator test harnesses on RocksDB, the state backend the jobs run on. */
public final class RocksDbHarness {
    private RocksDbHarness() {}

    /** An open harness for {@code operator}, restored from {@code snapshot} unless it is null. */
    public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> open(
            OneInputStreamOperator<IN, OUT> operator,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            OperatorSubtaskState snapshot)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, key, keyType);
        // before open(): afterwards it would be silently ignored
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.setCheckpointStorage(new JobManagerCheckpointStorage());
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }
}
