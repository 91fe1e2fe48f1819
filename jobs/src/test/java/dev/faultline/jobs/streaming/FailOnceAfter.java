package dev.faultline.jobs.streaming;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Chaos hook for failure tests ({@code --fail-once-after-lines N}): on the job's first attempt each
 * subtask throws after N records, so the job restarts from its last checkpoint. Later attempts pass
 * everything through. Not in the graph unless asked for.
 */
public class FailOnceAfter<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final int records;
    private transient boolean armed;
    private transient long seen;

    public FailOnceAfter(int records) {
        this.records = records;
    }

    @Override
    public void open(OpenContext openContext) {
        armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public T map(T value) {
        if (armed && ++seen > records) {
            throw new IllegalStateException(
                    "injected failure after " + records + " records (--fail-once-after-lines)");
        }
        return value;
    }
}
