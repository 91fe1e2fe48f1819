package dev.faultline.operators.alert;

import dev.faultline.schemas.Alert;
import java.time.Duration;
import org.apache.flink.util.Collector;

/**
 * A {@link WindowedDetector} fed with counts made upstream by {@link BucketCounter}: one state read
 * and write per bucket and kind, however many verdicts a count stands for. Counts for the other
 * family's detector are ignored.
 */
public class BucketCountsDetector extends WindowedDetector<BucketCounts> {
    private static final long serialVersionUID = 1L;

    /**
     * @param delay how long after a window's end (event time) to evaluate it (see {@link
     *     WindowedDetector})
     */
    public BucketCountsDetector(AlertRules rules, AlertFamily family, Duration delay) {
        super(rules, family, delay);
    }

    @Override
    public void processElement(BucketCounts c, Context ctx, Collector<Alert> out) throws Exception {
        if (c.family != family) {
            return;
        }
        if (c.untimed > 0) {
            untimed.inc(c.untimed);
        }
        if (c.builds > 0) {
            count(c.bucket, c.builds, ctx, bucket -> buckets.add(bucket, c.builds, c.kinds));
        }
    }
}
