package dev.faultline.operators.alert;

import dev.faultline.operators.BoundedLruMap;
import dev.faultline.schemas.BuildVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A detector's counts in keyed state, by slide-long bucket of event time: all builds per bucket,
 * the failures of each alert kind per bucket, and which kinds each bucket has, so an evaluation
 * reads its window's buckets and never all of state. A bucket read for one evaluation is cached for
 * the next ones that share it, and dropped once no window covers it.
 */
final class WindowBuckets {
    private final MapState<Long, Integer> builds;
    private final MapState<String, KindBucket> counts;
    private final MapState<Long, String[]> kindsPerBucket;
    private final Map<Long, View> recent;
    private final int maxExamples;

    /** One bucket's builds and per-kind counts, as read from state (never modified). */
    static final class View {
        int builds;
        final List<KindBucket> kinds = new ArrayList<>();
    }

    WindowBuckets(RuntimeContext context, long window, long slide, int maxExamples) {
        builds =
                context.getMapState(
                        new MapStateDescriptor<>("builds-per-bucket", Types.LONG, Types.INT));
        counts =
                context.getMapState(
                        new MapStateDescriptor<>(
                                "failures-per-bucket-and-kind",
                                Types.STRING,
                                TypeInformation.of(KindBucket.class)));
        kindsPerBucket =
                context.getMapState(
                        new MapStateDescriptor<>(
                                "kinds-per-bucket",
                                Types.LONG,
                                BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
        recent = new BoundedLruMap<>((int) Math.min(1024, window / slide + 1));
        this.maxExamples = maxExamples;
    }

    /**
     * Counts a build in {@code bucket}, and its failure under each of {@code kinds}; true for the
     * bucket's first build.
     */
    boolean count(long bucket, BuildVerdict v, List<AlertKind> kinds, long ended) throws Exception {
        recent.remove(bucket);
        Integer n = builds.get(bucket);
        builds.put(bucket, n == null ? 1 : n + 1);
        for (AlertKind kind : kinds) {
            String key = bucket + "|" + kind.key;
            KindBucket b = counts.get(key);
            if (b == null) {
                b = KindBuckets.start(kind, bucket, ended);
                kindsPerBucket.put(bucket, KindBuckets.with(kindsPerBucket.get(bucket), kind.key));
            }
            KindBuckets.count(b, kind, v, ended, maxExamples);
            counts.put(key, b);
        }
        return n == null;
    }

    /**
     * Adds counts made upstream ({@link BucketCounts}) to {@code bucket}, as if their verdicts came
     * here one by one after all that were already counted; true if the bucket had no builds yet.
     * One state read and write per bucket and kind, however many verdicts the counts stand for.
     */
    boolean add(long bucket, int buildCount, KindBucket[] kinds) throws Exception {
        recent.remove(bucket);
        Integer n = builds.get(bucket);
        builds.put(bucket, n == null ? buildCount : n + buildCount);
        String[] index = null;
        boolean indexChanged = false;
        for (KindBucket later : kinds) {
            String key = bucket + "|" + later.kindKey;
            KindBucket b = counts.get(key);
            if (b == null) {
                if (index == null) {
                    index = kindsPerBucket.get(bucket);
                }
                String[] grown = KindBuckets.with(index, later.kindKey);
                indexChanged |= grown != index;
                index = grown;
                later.bucket = bucket;
                b = later;
            } else {
                KindBuckets.append(b, later, maxExamples);
            }
            counts.put(key, b);
        }
        if (indexChanged) {
            kindsPerBucket.put(bucket, index);
        }
        return n == null;
    }

    View read(long bucket) throws Exception {
        View view = recent.get(bucket);
        if (view != null) {
            return view;
        }
        view = new View();
        Integer n = builds.get(bucket);
        view.builds = n == null ? 0 : n;
        String[] kinds = kindsPerBucket.get(bucket);
        if (kinds != null) {
            for (String kindKey : kinds) {
                KindBucket b = counts.get(bucket + "|" + kindKey);
                if (b != null) {
                    view.kinds.add(b);
                }
            }
        }
        recent.put(bucket, view);
        return view;
    }

    boolean hasBuilds(long bucket) throws Exception {
        return builds.contains(bucket);
    }

    void drop(long bucket) throws Exception {
        recent.remove(bucket);
        builds.remove(bucket);
        String[] kinds = kindsPerBucket.get(bucket);
        if (kinds != null) {
            for (String kindKey : kinds) {
                counts.remove(bucket + "|" + kindKey);
            }
            kindsPerBucket.remove(bucket);
        }
    }

    /**
     * Once per start, before the first evaluation: brings the state this instance was restored with
     * onto this run's rules, reading all of it once. Buckets of a run with another slide move to
     * this run's grid (their counts merged), buckets older than this run's window are dropped, and
     * the per-bucket index of kinds is rebuilt from the counts. {@code evaluate} is told of each
     * moved bucket whose window is still ahead.
     */
    void realign(long time, long window, long slide, LongConsumer evaluate) throws Exception {
        recent.clear();
        long keepFrom = time - window;
        Map<Long, Integer> moved = new TreeMap<>();
        for (Map.Entry<Long, Integer> e : builds.entries()) {
            long bucket = Math.floorDiv(e.getKey(), slide) * slide;
            if (bucket != e.getKey() || bucket < keepFrom) {
                moved.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, Integer> e : moved.entrySet()) {
            builds.remove(e.getKey());
            long bucket = Math.floorDiv(e.getKey(), slide) * slide;
            if (bucket >= keepFrom) {
                Integer n = builds.get(bucket);
                builds.put(bucket, (n == null ? 0 : n) + e.getValue());
                if (bucket + slide > time) {
                    evaluate.accept(bucket + slide);
                }
            }
        }
        Map<String, KindBucket> all = new TreeMap<>();
        for (Map.Entry<String, KindBucket> e : counts.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        kindsPerBucket.clear();
        for (Map.Entry<String, KindBucket> e : all.entrySet()) {
            KindBucket b = e.getValue();
            long bucket = Math.floorDiv(b.bucket, slide) * slide;
            String key = bucket + "|" + b.kindKey;
            if (bucket != b.bucket || bucket < keepFrom) {
                counts.remove(e.getKey());
                if (bucket < keepFrom) {
                    continue;
                }
                KindBucket there = counts.get(key);
                b.bucket = bucket;
                counts.put(key, there == null ? b : KindBuckets.merge(there, b, maxExamples));
            }
            kindsPerBucket.put(bucket, KindBuckets.with(kindsPerBucket.get(bucket), b.kindKey));
        }
    }
}
