package dev.faultline.connectors.files;

import dev.faultline.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a backfill's verdicts and dead letters as JSON lines, one pair of part files per subtask
 * ({@code verdicts-N.jsonl}, {@code dead-letters-N.jsonl}) in a directory every task can reach; the
 * client merges them when the job has finished. A bounded job that fails is re-run from the start
 * (backfill runs without restarts), so the parts never hold a half-replayed duplicate.
 */
public class BackfillFileSink implements Sink<BackfillOutput> {
    private static final long serialVersionUID = 1L;
    public static final String VERDICTS = "verdicts-";
    public static final String DEAD_LETTERS = "dead-letters-";
    public static final String ALERTS = "alerts-";
    public static final String CANDIDATE_SETS = "candidate-sets-";

    private final String directory;

    public BackfillFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public SinkWriter<BackfillOutput> createWriter(WriterInitContext context) throws IOException {
        // Never through a link: the directory and its files are the run's own (PartsDirectory).
        PartsDirectory.checkNotLink(Path.of(directory));
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path dir = Files.createDirectories(Path.of(directory));
        return new Writer(
                open(dir.resolve(VERDICTS + subtask + ".jsonl")),
                open(dir.resolve(DEAD_LETTERS + subtask + ".jsonl")),
                open(dir.resolve(ALERTS + subtask + ".jsonl")),
                dir.resolve(CANDIDATE_SETS + subtask + ".jsonl"));
    }

    /** A part file for writing; a link in its place is an error, not followed. */
    static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    private static final class Writer implements SinkWriter<BackfillOutput> {
        private final BufferedWriter verdicts;
        private final BufferedWriter deadLetters;
        private final BufferedWriter alerts;

        /**
         * Opened at the first candidate set: only runs that emit them (ranker training) get the
         * file.
         */
        private final Path candidateSetsFile;

        private BufferedWriter candidateSets;

        Writer(
                BufferedWriter verdicts,
                BufferedWriter deadLetters,
                BufferedWriter alerts,
                Path candidateSetsFile) {
            this.verdicts = verdicts;
            this.deadLetters = deadLetters;
            this.alerts = alerts;
            this.candidateSetsFile = candidateSetsFile;
        }

        @Override
        public void write(BackfillOutput o, Context context) throws IOException {
            if (o.verdict != null) {
                verdicts.write(Json.toJson(o.verdict));
                verdicts.newLine();
            } else if (o.alert != null) {
                alerts.write(Json.toJson(o.alert));
                alerts.newLine();
            } else if (o.candidateSet != null) {
                if (candidateSets == null) {
                    candidateSets = open(candidateSetsFile);
                }
                candidateSets.write(Json.toJson(o.candidateSet));
                candidateSets.newLine();
            } else {
                deadLetters.write(Json.toJson(o.deadLetter));
                deadLetters.newLine();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            verdicts.flush();
            deadLetters.flush();
            alerts.flush();
            if (candidateSets != null) {
                candidateSets.flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                verdicts.close();
            } finally {
                try {
                    deadLetters.close();
                } finally {
                    try {
                        alerts.close();
                    } finally {
                        if (candidateSets != null) {
                            candidateSets.close();
                        }
                    }
                }
            }
        }
    }
}
