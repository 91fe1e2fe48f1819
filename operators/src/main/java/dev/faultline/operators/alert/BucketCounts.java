package dev.faultline.operators.alert;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What some verdicts add to one detector's bucket, counted before they cross to the detector's
 * single key (see {@link BucketCounter}): how many builds ended in the bucket, and the failures of
 * each alert kind among them. A Flink POJO.
 */
public class BucketCounts {
    public static final TypeInformation<BucketCounts> TYPE = TypeInformation.of(BucketCounts.class);

    /** Which detector the counts are for: each family has its own slide, so its own buckets. */
    public AlertFamily family;

    /** Start of the slide-long bucket of event time; meaningless when only {@link #untimed}. */
    public long bucket;

    public int builds;

    /** Builds with no time at all, which no bucket can hold (counted in a metric only). */
    public int untimed;

    /** Per kind, in the order the kinds first came; counted as {@link WindowBuckets} counts. */
    public KindBucket[] kinds;

    public BucketCounts() {}
}
