package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Timestamps;
import java.time.Duration;
import org.apache.flink.util.Collector;

/** A {@link WindowedDetector} that counts verdicts one by one, as they come. */
public class SpikeDetector extends WindowedDetector<BuildVerdict> {
    private static final long serialVersionUID = 1L;

    public SpikeDetector(AlertRules rules, AlertFamily family) {
        this(rules, family, Duration.ZERO);
    }

    /**
     * @param delay how long after a window's end (event time) to evaluate it (see {@link
     *     WindowedDetector})
     */
    public SpikeDetector(AlertRules rules, AlertFamily family, Duration delay) {
        super(rules, family, delay);
    }

    @Override
    public void processElement(BuildVerdict v, Context ctx, Collector<Alert> out) throws Exception {
        long ended = AlertRecords.endTime(v, ctx.timestamp());
        if (ended == Timestamps.NONE) {
            // A build with no time at all (no timestamped line, no event) cannot be placed in a
            // window: counted here, and its verdict is still written as usual.
            untimed.inc();
            return;
        }
        count(
                bucketOf(ended),
                1,
                ctx,
                bucket -> buckets.count(bucket, v, AlertKind.of(v, family), ended));
    }
}
