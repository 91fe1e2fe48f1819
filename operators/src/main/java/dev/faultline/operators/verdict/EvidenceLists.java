package dev.faultline.operators.verdict;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;

/**
 * The four append-only lists a build's evidence lives in (see {@link BuildEvidence}): in keyed
 * state for a build that stays open across signals, or on the heap for one decided as its whole log
 * arrives.
 */
final class EvidenceLists {
    final ListState<HitRecord> hits;
    final ListState<HitRecord> errorLines;
    final ListState<StageMark> stageMarks;
    final ListState<TailLine> tail;

    EvidenceLists(
            ListState<HitRecord> hits,
            ListState<HitRecord> errorLines,
            ListState<StageMark> stageMarks,
            ListState<TailLine> tail) {
        this.hits = hits;
        this.errorLines = errorLines;
        this.stageMarks = stageMarks;
        this.tail = tail;
    }

    /** The lists in keyed state, scoped to the current key. */
    static EvidenceLists keyed(RuntimeContext context) {
        return new EvidenceLists(
                context.getListState(BuildEvidence.HITS),
                context.getListState(BuildEvidence.ERROR_LINES),
                context.getListState(BuildEvidence.STAGE_MARKS),
                context.getListState(BuildEvidence.TAIL));
    }

    /** Empty lists on the heap, for one build at a time. */
    static EvidenceLists onHeap() {
        return new EvidenceLists(
                new HeapListState<>(),
                new HeapListState<>(),
                new HeapListState<>(),
                new HeapListState<>());
    }

    /** Empties every list (heap lists only: clearing keyed state goes by what each list holds). */
    void clearAll() {
        hits.clear();
        errorLines.clear();
        stageMarks.clear();
        tail.clear();
    }
}
