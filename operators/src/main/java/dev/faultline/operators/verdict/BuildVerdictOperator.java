package dev.faultline.operators.verdict;

import dev.faultline.operators.model.BuildSignal;
import dev.faultline.schemas.BuildVerdict;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs {@link BuildVerdictFunction} with a second event-time timer queue for its end-of-input
 * timers (see {@link BuildVerdictFunction#useEndOfInputTimers}). Those timers all fire at the end
 * of a bounded input and are mostly deleted before; a verdict timer fires within a watermark or
 * two. Apart, each queue stays cheap: the verdict queue holds only builds about to be decided, and
 * a queue of equal times never needs to sift.
 */
public class BuildVerdictOperator extends KeyedProcessOperator<String, BuildSignal, BuildVerdict> {
    private static final long serialVersionUID = 1L;

    public BuildVerdictOperator(BuildVerdictFunction function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Fires through the same onEventTime as the function's own timers: onTimer tells them apart
        // by their time, END_OF_INPUT.
        ((BuildVerdictFunction) userFunction)
                .useEndOfInputTimers(
                        getInternalTimerService(
                                "end-of-input-timers", VoidNamespaceSerializer.INSTANCE, this));
    }
}
