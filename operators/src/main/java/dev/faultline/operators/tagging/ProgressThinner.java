package dev.faultline.operators.tagging;

import dev.faultline.operators.BoundedLruMap;
import dev.faultline.operators.model.TaggedLine;
import java.util.Map;

/**
 * Decides which uninteresting lines still need to reach per-build state. Most lines of a build log
 * carry nothing (no signature, marker or error word); sending each of them across the key-by into
 * RocksDB only to bump a line counter is what made per-line cost high. A line without anything on
 * it is forwarded only when it is the first one seen of its build (for the first timestamp), or
 * when the build has gone {@link #LINE_STRIDE} lines or into a new minute since the last forwarded
 * line (so line counts, last timestamps and the inactivity timeout stay close). Everything else is
 * dropped here and counted. Ends of logs in a backfill carry the exact count and last timestamp.
 *
 * <p>Only used when the source marks the end of every log (backfill): there the end carries the
 * exact line count and last timestamp, so nothing is lost. A live stream has no such marker, and a
 * dropped tail of a build that stalls or ends by a build event could not be recovered exactly
 * across a restart, so streaming forwards every line.
 *
 * <p>Memory is bounded: builds are remembered in an LRU map of {@link #MAX_BUILDS} entries; a build
 * pushed out simply has its next line forwarded.
 */
final class ProgressThinner {
    static final int MAX_BUILDS = 50_000;
    static final long LINE_STRIDE = 1000;

    /** {@code YYYY-MM-DDTHH:MM}: lines in the same minute share this prefix. */
    private static final int MINUTE_PREFIX = 16;

    private final Map<String, Progress> recent = new BoundedLruMap<>(MAX_BUILDS);

    private String currentBuild;
    private Progress current;

    private static final class Progress {
        long seq;
        String timestamp;
    }

    /** Whether {@code line} must be forwarded; remembers it if so. */
    boolean forward(TaggedLine line) {
        // A backfill reads a log's lines one after another: skip the map while the build stays the
        // same.
        Progress p =
                currentBuild != null && currentBuild.equals(line.buildId)
                        ? current
                        : recent.get(line.buildId);
        boolean forward =
                p == null
                        || line.isInteresting()
                        || line.seq - p.seq >= LINE_STRIDE
                        || newMinute(p.timestamp, line.timestamp);
        if (forward) {
            if (p == null) {
                p = new Progress();
                recent.put(line.buildId, p);
            }
            p.seq = line.seq;
            if (line.timestamp != null) {
                p.timestamp = line.timestamp;
            }
        }
        currentBuild = p == null ? null : line.buildId;
        current = p;
        return forward;
    }

    private static boolean newMinute(String last, String now) {
        if (now == null || now.length() < MINUTE_PREFIX) {
            return false;
        }
        return last == null || !now.regionMatches(0, last, 0, MINUTE_PREFIX);
    }
}
