package dev.faultline.connectors.files;

import dev.faultline.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a backfill's results as JSON lines, one part file per kind and subtask ({@code
 * verdicts-N.jsonl}, {@code dead-letters-N.jsonl}, {@code alerts-N.jsonl}, {@code
 * candidate-sets-N.jsonl}) in a directory every task can reach; the client merges them when the job
 * has finished. A part file is created at its first record, so a kind another sink writes (the
 * backfill's verdicts go through a {@link JsonLinesFileSink} chained to the verdict operator) is
 * never opened twice. A bounded job that fails is re-run from the start (backfill runs without
 * restarts), so the parts never hold a half-replayed duplicate.
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
        return new Writer(Files.createDirectories(Path.of(directory)), subtask);
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
        private final Path dir;
        private final int subtask;
        private final Map<String, BufferedWriter> open = new LinkedHashMap<>();

        Writer(Path dir, int subtask) {
            this.dir = dir;
            this.subtask = subtask;
        }

        @Override
        public void write(BackfillOutput o, Context context) throws IOException {
            String prefix;
            Object record;
            if (o.verdict != null) {
                prefix = VERDICTS;
                record = o.verdict;
            } else if (o.alert != null) {
                prefix = ALERTS;
                record = o.alert;
            } else if (o.candidateSet != null) {
                prefix = CANDIDATE_SETS;
                record = o.candidateSet;
            } else {
                prefix = DEAD_LETTERS;
                record = o.deadLetter;
            }
            BufferedWriter w = writer(prefix);
            w.write(Json.toJson(record));
            w.newLine();
        }

        private BufferedWriter writer(String prefix) throws IOException {
            BufferedWriter w = open.get(prefix);
            if (w == null) {
                w = open(dir.resolve(prefix + subtask + ".jsonl"));
                open.put(prefix, w);
            }
            return w;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            for (BufferedWriter w : open.values()) {
                w.flush();
            }
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (BufferedWriter w : open.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
