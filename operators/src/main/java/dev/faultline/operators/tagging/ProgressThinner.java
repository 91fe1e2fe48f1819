package dev.faultline.operators.tagging;

import dev.faultline.operators.model.TaggedLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which uninteresting lines still need to reach per-build state. Most lines of a build log
 * carry nothing (no signature, marker or error word); sending each of them across the key-by into
 * RocksDB only to bump a line counter is what made per-line cost high. A line without anything on it is
 * forwarded only when it is the first one seen of its build (for the first timestamp), or when the
 * build has gone {@link #LINE_STRIDE} lines or into a new minute since the last forwarded line (so line
 * counts, last timestamps and the inactivity timeout stay close). Everything else is dropped here and
 * counted. Ends of logs in a backfill carry the exact count and last timestamp.
 *
 * <p>Without marked log ends (streaming), a build's dropped tail would be lost if it never sends a
 * forwarded line again (it stalled, or its end came as a build event): {@link #stale} hands back such a
 * held-back last line once the stream has moved a minute past it.
 *
 * <p>Memory is bounded: builds are remembered in an LRU map of {@link #MAX_BUILDS} entries; a build
 * pushed out simply has its next line forwarded.
 */
final class ProgressThinner {
    static final int MAX_BUILDS = 50_000;
    static final long LINE_STRIDE = 1000;
    /** {@code YYYY-MM-DDTHH:MM}: lines in the same minute share this prefix. */
    private static final int MINUTE_PREFIX = 16;

    private final Map<String, Progress> recent =
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
                    return size() > MAX_BUILDS;
                }
            };

    private static final class Progress {
        long seq;
        String timestamp;
        /** The last line dropped since the last forwarded one, or null. */
        TaggedLine heldBack;
    }

    /** Whether {@code line} must be forwarded; remembers it if so. */
    boolean forward(TaggedLine line) {
        Progress p = recent.get(line.buildId);
        boolean forward = p == null
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
            p.heldBack = null;
        } else {
            p.heldBack = line;
        }
        return forward;
    }

    /**
     * The held-back last line of the least recently seen build, if the stream has moved past it: its
     * timestamp is older than {@code now} by a minute or more (lines without timestamps: never). Call
     * repeatedly until it returns null. The returned line counts as forwarded.
     */
    TaggedLine stale(String now) {
        if (now == null || recent.isEmpty()) {
            return null;
        }
        Map.Entry<String, Progress> eldest = recent.entrySet().iterator().next();
        Progress p = eldest.getValue();
        TaggedLine held = p.heldBack;
        if (held == null || held.timestamp == null || !minuteOlder(held.timestamp, now)) {
            return null;
        }
        recent.remove(eldest.getKey());
        return held;
    }

    /** Whether {@code a} lies in an earlier minute than {@code b} (ISO-8601 UTC strings compare in time order). */
    private static boolean minuteOlder(String a, String b) {
        return a.length() >= MINUTE_PREFIX && b.length() >= MINUTE_PREFIX
                && a.substring(0, MINUTE_PREFIX).compareTo(b.substring(0, MINUTE_PREFIX)) < 0;
    }

    private static boolean newMinute(String last, String now) {
        if (now == null || now.length() < MINUTE_PREFIX) {
            return false;
        }
        return last == null || !now.regionMatches(0, last, 0, MINUTE_PREFIX);
    }
}
