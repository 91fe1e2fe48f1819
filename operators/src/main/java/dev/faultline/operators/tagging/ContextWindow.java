package dev.faultline.operators.tagging;

import dev.faultline.operators.model.CauseContext;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.util.List;

/**
 * In a backfill, where only lines with something on them cross the key-by, picks the other lines
 * that per-build state still needs to explain a failure: the last {@link CauseContext#TAIL_LINES}
 * non-blank lines before the failing step's end (or the log's end), and the first non-blank line
 * after each candidate cause (the message under a header, a stack trace's first frame). Those lines
 * get their displayed text as {@link TaggedLine#context}.
 *
 * <p>What it passes on is exactly what the verdict operator keeps when every line crosses (the live
 * job): there the tail is the last lines received before the failing end and a follow line is the
 * next one received after a candidate, and here every such line is received. Lines held back for
 * the tail are sent when the failing end or the log's end shows they are needed, so they may arrive
 * after later lines; the verdict operator sorts the tail and takes a follow line only from after
 * its candidate.
 *
 * <p>A backfill reads a log whole and in order through one subtask, so one window, for the build
 * being read, is enough. It is not checkpointed: after a restore mid-log the tail of that one log
 * may lack lines read before the restore, which can only shorten its evidence.
 */
final class ContextWindow {
    private final LogLine[] rawRing = new LogLine[CauseContext.TAIL_LINES];
    private final TaggedLine[] taggedRing = new TaggedLine[CauseContext.TAIL_LINES];
    private final boolean[] sentRing = new boolean[CauseContext.TAIL_LINES];
    private int size;
    private int head;
    private String build;

    /** The failing step's end was seen: no more tail is kept for this build. */
    private boolean frozen;

    /**
     * The last end-of-job line said success: the log's tail explains nothing, so it is not sent. (A
     * failing end line after it, as when a build command prints the platform's success line and
     * then fails, clears this again.)
     */
    private boolean succeeded;

    /** The previous non-blank line was a candidate cause, so this one completes it. */
    private boolean afterCandidate;

    private boolean reordered;

    /**
     * Takes the next line of a log, after tagging and thinning: adds it to {@code out} when the
     * thinner forwards it or when it follows a candidate, and before a failing end, the tail lines
     * not yet sent.
     */
    void accept(LogLine raw, TaggedLine t, boolean forward, List<TaggedLine> out) {
        if (t.buildId != build && (t.buildId == null || !t.buildId.equals(build))) {
            reset(t.buildId);
        }
        if (!t.isInteresting()
                && (raw.text == null
                        || LineNormalizer.isBlankShown(raw.text, LineTagger.MAX_TAGGED_CHARS))) {
            if (forward) {
                out.add(t);
            }
            return;
        }
        if (t.end != null) {
            succeeded = "success".equals(t.end);
        }
        boolean failingEnd = t.endsFailingBlock();
        if (failingEnd && !frozen) {
            flush(out);
            frozen = true;
        }
        boolean completes = afterCandidate;
        afterCandidate = t.isCandidate();
        if (forward || completes) {
            if (!t.isInteresting()) {
                ContextText.attach(t, raw.text);
            }
            out.add(t);
        }
        if (!frozen && !failingEnd) {
            push(raw, t, forward || completes);
        }
    }

    /**
     * The log ended: sends the tail lines not sent yet, unless a failing end already did or the log
     * ended in success. (A success log's verdict cites nothing; a build event that overrules it is
     * the one case whose evidence then has only its candidate lines.)
     */
    void endOfLog(List<TaggedLine> out) {
        if (!frozen && !succeeded) {
            flush(out);
        }
        reset(null);
    }

    /**
     * Whether lines were added to an output out of log order since the last call (then sort it).
     */
    boolean takeReordered() {
        boolean r = reordered;
        reordered = false;
        return r;
    }

    private void push(LogLine raw, TaggedLine t, boolean sent) {
        int at = (head + size) % rawRing.length;
        if (size == rawRing.length) {
            head = (head + 1) % rawRing.length;
        } else {
            size++;
        }
        rawRing[at] = raw;
        taggedRing[at] = t;
        sentRing[at] = sent;
    }

    private void flush(List<TaggedLine> out) {
        for (int k = 0; k < size; k++) {
            int at = (head + k) % rawRing.length;
            if (!sentRing[at]) {
                TaggedLine t = taggedRing[at];
                ContextText.attach(t, rawRing[at].text);
                out.add(t);
                reordered = true;
            }
        }
        clearRing();
    }

    private void reset(String buildId) {
        build = buildId;
        frozen = false;
        succeeded = false;
        afterCandidate = false;
        clearRing();
    }

    private void clearRing() {
        java.util.Arrays.fill(rawRing, null);
        java.util.Arrays.fill(taggedRing, null);
        size = 0;
        head = 0;
    }
}
