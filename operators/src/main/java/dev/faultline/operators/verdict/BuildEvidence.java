package dev.faultline.operators.verdict;

import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.CauseContext;
import dev.faultline.operators.model.Hit;
import dev.faultline.operators.model.SequenceMatch;
import dev.faultline.operators.model.TaggedLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;

/**
 * What a build's log says about its failure, in keyed state next to the build's {@link BuildState}:
 * signature hits, error-like lines, step markers and the failing step's last lines, each an
 * append-only list that is read back only at the verdict ({@link #readInto}) and cleared with it
 * ({@link #clear}).
 *
 * <p>Entries collected while a signal is applied are appended with one {@code addAll} per list at
 * its end ({@link #flush}): a batch of lines would otherwise cost one RocksDB merge per entry. How
 * many entries each list holds is counted in {@link BuildState}, so empty lists are never read or
 * cleared. Not thread-safe; each subtask's verdict function owns one.
 */
final class BuildEvidence {
    /**
     * Hits kept per severity: the earliest ones of each severity are the ones that can be cited.
     */
    static final int HITS_PER_SEVERITY = 64;

    /**
     * Error-like lines appended before the list is compacted to its best {@link
     * BuildState#MAX_ERROR_LINES}.
     */
    static final int ERROR_LINES_BEFORE_COMPACTION = 256;

    // Written by the POJO serializer before they had their own; their snapshots migrate that.
    static final ListStateDescriptor<HitRecord> HITS =
            new ListStateDescriptor<>("hits", new HitRecordSerializer());
    static final ListStateDescriptor<HitRecord> ERROR_LINES =
            new ListStateDescriptor<>("error-lines", new HitRecordSerializer());
    static final ListStateDescriptor<StageMark> STAGE_MARKS =
            new ListStateDescriptor<>("stage-marks", new StageMarkSerializer());

    /** The last non-blank lines before the failing step's end: context and fallback evidence. */
    static final ListStateDescriptor<TailLine> TAIL =
            new ListStateDescriptor<>("tail", new TailLineSerializer());

    private final SignatureCatalog catalog;
    private final EvidenceLists keyed;
    private final EvidenceLists heap = EvidenceLists.onHeap();

    /** The current build's lists: {@link #keyed}'s, or {@link #heap}'s (see {@link #onHeap}). */
    private ListState<HitRecord> hits;

    private ListState<HitRecord> errorLines;
    private ListState<StageMark> stageMarks;
    private ListState<TailLine> tail;
    private final List<HitRecord> newHits = new ArrayList<>();
    private final List<HitRecord> newErrorLines = new ArrayList<>();
    private final List<StageMark> newStageMarks = new ArrayList<>();
    private final List<TailLine> newTail = new ArrayList<>();

    BuildEvidence(EvidenceLists keyed, SignatureCatalog catalog) {
        this.catalog = catalog;
        this.keyed = keyed;
        use(keyed);
    }

    private void use(EvidenceLists l) {
        hits = l.hits;
        errorLines = l.errorLines;
        stageMarks = l.stageMarks;
        tail = l.tail;
    }

    /**
     * Keeps the current build's lists on the heap until {@link #inState}: for a build decided in
     * the same call that brought its whole log, whose lists are read back at once ({@link
     * #readInto}) and would only be written to keyed state to be cleared again.
     */
    void onHeap() {
        heap.clearAll();
        use(heap);
    }

    /** Back to keyed state, after a build kept {@link #onHeap}; the heap lists are emptied. */
    void inState() {
        heap.clearAll();
        use(keyed);
    }

    /**
     * Forgets entries of a signal that failed mid-way: they must never carry over to another build.
     */
    void beginSignal() {
        newHits.clear();
        newErrorLines.clear();
        newStageMarks.clear();
        newTail.clear();
    }

    /**
     * Takes one line that shows something (a line with nothing on it crosses without text and is
     * not passed here): the step it starts, the failing step it ends, the candidate cause it may
     * be, and its place in the failing step's tail.
     */
    void applyLine(BuildState s, TaggedLine line, String shown) throws Exception {
        completePending(s, line.seq, shown);
        if (line.stage != null) {
            s.stage = line.stage;
            s.step = null;
        }
        if (line.step != null) {
            s.step = line.step;
        }
        if ((line.stage != null || line.step != null)
                && s.stageMarksStored < BuildState.MAX_STAGE_MARKS) {
            newStageMarks.add(new StageMark(line.seq, s.stage, s.step));
            s.stageMarksStored++;
        }
        boolean failingEnd = line.endsFailingBlock();
        // A failing end line may name its stage too ("Failed: ... build command"); it ends the
        // block.
        if (s.failedAt == 0
                && !failingEnd
                && (line.stage != null || line.boundary == TaggedLine.BLOCK_START)) {
            s.blockStart = line.seq;
        }
        HitRecord lineRecord = record(s, line.seq, shown);
        lineRecord.emphasized = line.emphasized;
        if (line.isCandidate()) {
            countShape(s, lineRecord);
            holdCandidate(s, line, lineRecord);
        }
        if (s.failedAt == 0 && !failingEnd) {
            addToTail(s, lineRecord);
        }
        if (failingEnd && s.failedAt == 0) {
            s.failedAt = line.seq;
        }
    }

    /**
     * The candidate's records (one per signature hit, or one for an error-like line) wait in the
     * build's value for the next non-blank line, which may complete them (the message under a
     * header).
     */
    private void holdCandidate(BuildState s, TaggedLine line, HitRecord lineRecord) {
        List<HitRecord> held = new ArrayList<>(2);
        lineRecord.score = line.errorScore;
        if (line.hits == null) {
            lineRecord.ordinal = s.errorLinesSeen++;
        }
        if (line.hits != null) {
            for (Hit hit : line.hits) {
                SignatureCatalog.Cause c = catalog.cause(hit.id);
                HitRecord r = copyOf(lineRecord);
                r.signatureId = hit.id;
                r.summary = hit.summary;
                r.severityRank = c == null ? 0 : c.severity.rank;
                int rank = Math.max(0, Math.min(r.severityRank, s.hitsStored.length - 1));
                lineRecord.severityRank = Math.max(lineRecord.severityRank, r.severityRank);
                if (s.hitsStored[rank] < HITS_PER_SEVERITY) {
                    s.hitsStored[rank]++;
                    held.add(r);
                }
            }
        }
        if (line.hits == null) {
            held.add(copyOf(lineRecord));
        }
        s.pending = held.isEmpty() ? null : held.toArray(new HitRecord[0]);
    }

    /** A non-blank line after a held candidate completes it, and the candidate goes to its list. */
    private void completePending(BuildState s, long seq, String text) throws Exception {
        if (s.pending == null || seq <= s.pending[0].line) {
            return; // a tail line sent late, from before the candidate
        }
        for (HitRecord r : s.pending) {
            r.followLine = seq;
            r.followText = text;
        }
        releasePending(s);
    }

    private void releasePending(BuildState s) throws Exception {
        if (s.pending == null) {
            return;
        }
        for (HitRecord r : s.pending) {
            if (r.signatureId != null) {
                newHits.add(r);
            } else {
                newErrorLines.add(r);
                if (++s.errorLinesStored >= ERROR_LINES_BEFORE_COMPACTION) {
                    flush();
                    List<HitRecord> best =
                            HitRanking.best(
                                    errorLines.get(),
                                    HitRanking.ERROR_LINES,
                                    BuildState.MAX_ERROR_LINES);
                    errorLines.update(best);
                    s.errorLinesStored = best.size();
                }
            }
        }
        s.pending = null;
    }

    /** Counts the candidate line's shape; the record learns how many earlier lines had it. */
    private static void countShape(BuildState s, HitRecord r) {
        int h = LineShape.hash(r.text);
        r.shapeHash = h;
        if (s.shapeHashes == null) {
            s.shapeHashes = new int[8];
            s.shapeCounts = new int[8];
        }
        for (int i = 0; i < s.shapes; i++) {
            if (s.shapeHashes[i] == h) {
                r.shapeOrdinal = s.shapeCounts[i]++;
                return;
            }
        }
        r.shapeOrdinal = 0;
        if (s.shapes < BuildState.MAX_SHAPES) {
            if (s.shapes == s.shapeHashes.length) {
                s.shapeHashes = java.util.Arrays.copyOf(s.shapeHashes, s.shapes * 2);
                s.shapeCounts = java.util.Arrays.copyOf(s.shapeCounts, s.shapes * 2);
            }
            s.shapeHashes[s.shapes] = h;
            s.shapeCounts[s.shapes++] = 1;
        }
    }

    /** Keeps the line among the last {@link CauseContext#TAIL_LINES} before the failing end. */
    private void addToTail(BuildState s, HitRecord lineRecord) throws Exception {
        newTail.add(TailLine.of(lineRecord));
        if (++s.tailStored >= 2 * CauseContext.TAIL_LINES) {
            flush();
            List<TailLine> last = lastLines(tail.get(), CauseContext.TAIL_LINES);
            tail.update(last);
            s.tailStored = last.size();
        }
    }

    /** The {@code n} lines with the highest numbers, in line order, each line once. */
    static List<TailLine> lastLines(Iterable<TailLine> lines, int n) {
        List<TailLine> all = new ArrayList<>();
        if (lines != null) {
            lines.forEach(all::add);
        }
        all.sort(java.util.Comparator.comparingLong(t -> t.line));
        List<TailLine> last = new ArrayList<>(Math.min(n, all.size()));
        for (int i = all.size() - 1; i >= 0 && last.size() < n; i--) {
            if (last.isEmpty() || last.get(last.size() - 1).line != all.get(i).line) {
                last.add(all.get(i));
            }
        }
        java.util.Collections.reverse(last);
        return last;
    }

    private static HitRecord copyOf(HitRecord r) {
        HitRecord c = new HitRecord();
        c.line = r.line;
        c.text = r.text;
        c.stage = r.stage;
        c.step = r.step;
        c.emphasized = r.emphasized;
        c.shapeHash = r.shapeHash;
        c.shapeOrdinal = r.shapeOrdinal;
        c.score = r.score;
        c.ordinal = r.ordinal;
        c.severityRank = r.severityRank;
        return c;
    }

    /** A CEP match: the sequence's cause line, citing its other lines. */
    void applyMatch(BuildState s, SequenceMatch m) {
        SignatureCatalog.Cause c = catalog.cause(m.sequenceId);
        int e = m.evidenceIndex;
        HitRecord r = record(s, m.lines[e], m.texts[e]);
        r.signatureId = m.sequenceId;
        r.summary = m.summary;
        r.severityRank = c == null ? 0 : c.severity.rank;
        int others = m.lines.length - 1;
        r.contextLines = new long[others];
        r.contextTexts = new String[others];
        for (int i = 0, k = 0; i < m.lines.length; i++) {
            if (i != e) {
                r.contextLines[k] = m.lines[i];
                r.contextTexts[k++] = m.texts[i];
            }
        }
        addHit(s, r);
    }

    /** Appends a hit unless its severity already has {@link #HITS_PER_SEVERITY} earlier ones. */
    private void addHit(BuildState s, HitRecord r) {
        int rank = Math.max(0, Math.min(r.severityRank, s.hitsStored.length - 1));
        if (s.hitsStored[rank] < HITS_PER_SEVERITY) {
            newHits.add(r);
            s.hitsStored[rank]++;
        }
    }

    /** Writes the entries collected while applying a signal, one merge per list. */
    void flush() throws Exception {
        if (!newHits.isEmpty()) {
            hits.addAll(newHits);
            newHits.clear();
        }
        if (!newErrorLines.isEmpty()) {
            errorLines.addAll(newErrorLines);
            newErrorLines.clear();
        }
        if (!newStageMarks.isEmpty()) {
            stageMarks.addAll(newStageMarks);
            newStageMarks.clear();
        }
        if (!newTail.isEmpty()) {
            tail.addAll(newTail);
            newTail.clear();
        }
    }

    /**
     * Fills the build's arrays for the classifier: the best hits and error-like lines (with the
     * candidate still held in the value), the failing step's tail, the step markers, and each hit's
     * stage.
     */
    void readInto(BuildState s) throws Exception {
        List<HitRecord> heldHits = new ArrayList<>();
        List<HitRecord> heldErrorLines = new ArrayList<>();
        if (s.pending != null) {
            for (HitRecord r : s.pending) {
                (r.signatureId != null ? heldHits : heldErrorLines).add(r);
            }
        }
        s.hits =
                HitRanking.best(
                                with(anyHits(s) ? hits.get() : null, heldHits),
                                HitRanking.SIGNATURES,
                                BuildState.MAX_HITS)
                        .toArray(new HitRecord[0]);
        s.errorLines =
                HitRanking.best(
                                with(
                                        s.errorLinesStored > 0 ? errorLines.get() : null,
                                        heldErrorLines),
                                HitRanking.ERROR_LINES,
                                BuildState.MAX_ERROR_LINES)
                        .toArray(new HitRecord[0]);
        s.tail =
                lastLines(s.tailStored > 0 ? tail.get() : null, CauseContext.TAIL_LINES)
                        .toArray(new TailLine[0]);
        List<StageMark> marks = new ArrayList<>();
        Iterable<StageMark> stored = s.stageMarksStored > 0 ? stageMarks.get() : null;
        if (stored != null) {
            stored.forEach(marks::add);
        }
        marks.sort(Comparator.comparingLong(m -> m.line));
        s.stageMarks = marks.toArray(new StageMark[0]);
        placeHitsInStages(s);
    }

    /**
     * Clears the lists that hold anything: reading or clearing an empty list is still a RocksDB
     * lookup, and a clear writes a tombstone.
     */
    void clear(BuildState s) {
        if (anyHits(s)) {
            hits.clear();
        }
        if (s.errorLinesStored > 0) {
            errorLines.clear();
        }
        if (s.stageMarksStored > 0) {
            stageMarks.clear();
        }
        if (s.tailStored > 0) {
            tail.clear();
        }
    }

    private static boolean anyHits(BuildState s) {
        for (int n : s.hitsStored) {
            if (n > 0) {
                return true;
            }
        }
        return false;
    }

    private static HitRecord record(BuildState s, long line, String text) {
        HitRecord r = new HitRecord();
        r.line = line;
        r.text = text;
        r.stage = s.stage;
        r.step = s.step;
        return r;
    }

    /**
     * Sets each hit's stage and step from the step markers before its line. CEP matches travel a
     * separate path and may overtake the markers that precede them, so stages are resolved here,
     * when everything up to the watermark has arrived, not when a hit arrives.
     */
    private static void placeHitsInStages(BuildState s) {
        if (s.stageMarks.length == 0) {
            return;
        }
        for (HitRecord[] records : new HitRecord[][] {s.hits, s.errorLines}) {
            for (HitRecord r : records) {
                r.stage = null;
                r.step = null;
                for (StageMark m : s.stageMarks) {
                    if (m.line > r.line) {
                        break;
                    }
                    r.stage = m.stage;
                    r.step = m.step;
                }
            }
        }
    }

    /** The stored records followed by those still held in the build's value. */
    private static List<HitRecord> with(Iterable<HitRecord> stored, List<HitRecord> held) {
        List<HitRecord> all = new ArrayList<>(held.size() + 8);
        if (stored != null) {
            stored.forEach(all::add);
        }
        all.addAll(held);
        return all;
    }
}
