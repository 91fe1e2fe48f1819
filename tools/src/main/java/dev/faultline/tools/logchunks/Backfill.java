package dev.faultline.tools.logchunks;

import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.rank.LineRanker;
import java.nio.file.Path;

/**
 * A backfill of a data set, writing {@code verdicts.jsonl} (and with {@link
 * GraphOptions#emitCandidateSets} {@code candidate-sets.jsonl}) to a directory: the job the
 * evaluation and the ranker's training run, handed in by the command line so that tools do not
 * depend on the jobs that use them.
 */
@FunctionalInterface
public interface Backfill {
    void run(Path archive, Path out, LineRanker ranker, GraphOptions options) throws Exception;
}
