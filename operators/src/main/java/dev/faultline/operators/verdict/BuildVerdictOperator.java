package dev.faultline.operators.verdict;

import dev.faultline.operators.model.BuildSignal;
import dev.faultline.schemas.BuildVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimeServiceManager;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Runs {@link BuildVerdictFunction} and decides, when the input ends, every build nothing else has
 * ended, as an end-of-input timer of its own would (it calls the function's {@code onTimer} at
 * {@link BuildVerdictFunction#END_OF_INPUT} for each): first every timer due before, then those
 * builds, then the final watermark, so their verdicts still come before it downstream.
 *
 * <p>Before, every new build registered such a timer and deleted it when decided. A backfill's
 * build events make every build of the archive before its log is read, so a 1,000,000-build
 * backfill inserted and deleted a million of them: 13% of the verdict operator's samples, nearly
 * all in the timer queue's hash-map and heap.
 *
 * <p>End-of-input timers restored from a savepoint written before still fire, from their own queue.
 */
public class BuildVerdictOperator extends KeyedProcessOperator<String, BuildSignal, BuildVerdict> {
    private static final long serialVersionUID = 1L;

    /** Open builds decided per look at the state's keys; bounds what the sweep holds at once. */
    static final int SWEEP_BATCH = 10_000;

    public BuildVerdictOperator(BuildVerdictFunction function) {
        super(function);
    }

    private BuildVerdictFunction function() {
        return (BuildVerdictFunction) userFunction;
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Where end-of-input timers restored from an older savepoint wait; they fire through the
        // same onEventTime as the function's own timers (onTimer tells them apart by their time).
        function()
                .openBuildsDecidedAtEnd(
                        getInternalTimerService(
                                "end-of-input-timers", VoidNamespaceSerializer.INSTANCE, this));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            Optional<InternalTimeServiceManager<?>> timers = getTimeServiceManager();
            if (timers.isPresent()) {
                timers.get().advanceWatermark(new Watermark(BuildVerdictFunction.END_OF_INPUT));
            }
            decideOpenBuilds();
        }
        super.processWatermark(mark);
    }

    /**
     * Decides every build that still has state, a batch of keys at a time: the keys are read first,
     * then decided (deciding clears a build's state, which an open key iterator must not see
     * change).
     */
    private void decideOpenBuilds() throws Exception {
        while (true) {
            List<String> open = new ArrayList<>();
            try (Stream<String> keys =
                    this.<String>getKeyedStateBackend()
                            .getKeys(
                                    BuildVerdictFunction.BUILD.getName(), VoidNamespace.INSTANCE)) {
                keys.limit(SWEEP_BATCH).forEach(open::add);
            }
            if (open.isEmpty()) {
                return;
            }
            for (String buildId : open) {
                setCurrentKey(buildId);
                onEventTime(
                        new TimerHeapInternalTimer<>(
                                BuildVerdictFunction.END_OF_INPUT,
                                buildId,
                                VoidNamespace.INSTANCE));
                if (function().isOpen()) {
                    // Would loop for ever: the end-of-input decision always clears the build.
                    throw new IllegalStateException(
                            "build " + buildId + " is still open after its end-of-input decision");
                }
            }
        }
    }
}
