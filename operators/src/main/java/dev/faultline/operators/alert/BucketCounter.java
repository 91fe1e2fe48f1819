package dev.faultline.operators.alert;

import dev.faultline.operators.FlushingOperator;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.Timestamps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts verdicts into per-bucket {@link BucketCounts} for both detectors before they cross to the
 * detectors' single key, so that a detector reads and writes its state once per bucket and kind,
 * not once per verdict, and the network carries a few records per minute of builds instead of every
 * verdict. Runs chained to the verdicts, at their parallelism.
 *
 * <p>The counts are sent on, and forgotten, before every watermark (so a detector has them before
 * the window they fall in is evaluated), before every checkpoint barrier (so they need no state of
 * their own: nothing is held across a checkpoint) and at the end of the input. A backfill's
 * build-time clock has a single watermark, at the end: each subtask then sends one record per
 * bucket. To bound memory on a long archive, counts are also sent on once {@link #MAX_BUCKETS}
 * buckets are held. Counts sent at any of these points add up at the detector exactly as the
 * verdicts themselves would have, had they come in that order ({@link WindowBuckets#add}).
 */
public final class BucketCounter extends FlushingOperator<BuildVerdict, BucketCounts> {
    private static final long serialVersionUID = 1L;

    static final int MAX_BUCKETS = 100_000;

    private final AlertRules rules;
    // the detectors' slides: the buckets are theirs
    private final long platformSlide;
    private final long unknownSlide;

    private transient Buckets platform;
    private transient Buckets unknown;
    private transient int untimed;

    /** One bucket's counts while they are made. */
    private static final class Open {
        int builds;
        final Map<String, KindBucket> kinds = new LinkedHashMap<>(4);
    }

    /**
     * One family's open buckets, by their number since the epoch ({@code ended / slide}): bucket
     * starts in milliseconds are multiples of the slide, whose low bits are all zero, and as {@link
     * HashMap} keys they crowded into a few bins.
     */
    private static final class Buckets {
        final AlertFamily family;
        final long slide;
        final Map<Long, Open> open = new HashMap<>();

        /** The bucket counted last: an archive's consecutive builds often end close together. */
        long lastNumber;

        Open last;

        Buckets(AlertFamily family, long slide) {
            this.family = family;
            this.slide = slide;
        }

        Open at(long number) {
            if (last == null || number != lastNumber) {
                last = open.computeIfAbsent(number, b -> new Open());
                lastNumber = number;
            }
            return last;
        }

        void clear() {
            open.clear();
            last = null;
        }
    }

    public BucketCounter(AlertRules rules) {
        this.rules = rules;
        this.platformSlide = rules.slide.toMillis();
        this.unknownSlide = rules.unknownSlide.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        platform = new Buckets(AlertFamily.PLATFORM, platformSlide);
        unknown = new Buckets(AlertFamily.UNKNOWN, unknownSlide);
    }

    @Override
    public void processElement(StreamRecord<BuildVerdict> element) {
        BuildVerdict v = element.getValue();
        long ended =
                AlertRecords.endTime(v, element.hasTimestamp() ? element.getTimestamp() : null);
        if (ended == Timestamps.NONE) {
            untimed++;
            return;
        }
        boolean counts = AlertInputs.countsTowardAKind(v);
        count(platform, v, ended, counts);
        count(unknown, v, ended, counts);
        if (platform.open.size() + unknown.open.size() >= MAX_BUCKETS) {
            flush();
        }
    }

    private void count(Buckets buckets, BuildVerdict v, long ended, boolean countsTowardAKind) {
        long number = Math.floorDiv(ended, buckets.slide);
        long bucket = number * buckets.slide;
        Open open = buckets.at(number);
        open.builds++;
        // most builds count toward no kind: no list, no kinds
        if (!countsTowardAKind) {
            return;
        }
        for (AlertKind kind : AlertKind.of(v, buckets.family)) {
            KindBucket b = open.kinds.get(kind.key);
            if (b == null) {
                b = KindBuckets.start(kind, bucket, ended);
                open.kinds.put(kind.key, b);
            }
            KindBuckets.count(b, kind, v, ended, rules.maxExamples);
        }
    }

    /** Sends every count made so far, and forgets them. */
    @Override
    protected void flush() {
        send(platform);
        send(unknown);
        if (untimed > 0) {
            for (AlertFamily family : AlertFamily.values()) {
                BucketCounts c = new BucketCounts();
                c.family = family;
                c.untimed = untimed;
                c.kinds = new KindBucket[0];
                output.collect(new StreamRecord<>(c));
            }
            untimed = 0;
        }
    }

    private void send(Buckets buckets) {
        // in time order, the same way every run
        for (Map.Entry<Long, Open> e : new TreeMap<>(buckets.open).entrySet()) {
            BucketCounts c = new BucketCounts();
            c.family = buckets.family;
            c.bucket = e.getKey() * buckets.slide;
            c.builds = e.getValue().builds;
            List<KindBucket> kinds = new ArrayList<>(e.getValue().kinds.values());
            c.kinds = kinds.toArray(new KindBucket[0]);
            output.collect(new StreamRecord<>(c));
        }
        buckets.clear();
    }
}
