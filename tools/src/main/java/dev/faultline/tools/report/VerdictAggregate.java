package dev.faultline.tools.report;

import dev.faultline.schemas.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the report shows about verdicts, gathered in one pass over {@code verdicts.jsonl}:
 * counts per hour, per signature and per unknown-failure group, never one row per build, so the
 * memory stays the same for a thousand builds and for a million.
 */
final class VerdictAggregate {
    /** Line numbers of unreadable lines the report names; the rest are only counted. */
    static final int BAD_LINES_LISTED = 10;

    final TimeBuckets buckets = new TimeBuckets();
    final SignatureStats signatures = new SignatureStats();
    final UnknownGroups unknown = new UnknownGroups();
    final long[] outcomes = new long[TimeBuckets.OUTCOMES.size()];
    final long[] faults = new long[TimeBuckets.FAULTS.size()];
    long builds;
    long failures;
    long untimed;
    long badLines;
    final List<Long> badLineNumbers = new ArrayList<>();
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    private final VerdictLineParser parser = new VerdictLineParser();
    private final VerdictLine line = new VerdictLine();

    static VerdictAggregate read(Path verdicts) throws IOException {
        VerdictAggregate a = new VerdictAggregate();
        JsonLines.forEach(verdicts, a::accept);
        return a;
    }

    void accept(byte[] bytes, int off, int len, long lineNumber) {
        if (isBlank(bytes, off, len)) {
            return;
        }
        if (!parser.parse(bytes, off, len, line)) {
            badLines++;
            if (badLineNumbers.size() < BAD_LINES_LISTED) {
                badLineNumbers.add(lineNumber);
            }
            return;
        }
        add(line);
    }

    void add(VerdictLine v) {
        builds++;
        outcomes[TimeBuckets.index(TimeBuckets.OUTCOMES, v.outcome)]++;
        long millis = Timestamps.parseMillis(v.time());
        boolean timed = millis != Timestamps.NONE;
        if (timed) {
            firstMillis = Math.min(firstMillis, millis);
            lastMillis = Math.max(lastMillis, millis);
            buckets.add(millis, v);
        } else {
            untimed++;
        }
        // Counted on every verdict, as the summary counts them: a signature on a build that
        // still succeeded (a retried step) is worth seeing too.
        if (v.signature != null) {
            signatures.add(v, millis, timed);
        }
        if (!"failure".equals(v.outcome)) {
            return;
        }
        failures++;
        faults[TimeBuckets.index(TimeBuckets.FAULTS, v.fault)]++;
        if ("unknown".equals(v.category)) {
            unknown.add(v, millis, timed);
        }
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
