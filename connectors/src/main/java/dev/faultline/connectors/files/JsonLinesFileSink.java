package dev.faultline.connectors.files;

import dev.faultline.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes one stream of records as JSON lines, one part file per subtask ({@code <prefix>N.jsonl})
 * in a directory every task can reach, for the client to merge when the job has finished. Given the
 * parallelism of the operator that makes the records, it is chained to it: a backfill's verdicts go
 * from the verdict operator straight to their JSON line, serialized once, with no hop to a shared
 * sink. Bounded jobs only (re-run from the start on failure, as {@link BackfillFileSink}).
 */
public class JsonLinesFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String prefix;

    /**
     * @param prefix the part files' name before the subtask index, e.g. {@link
     *     BackfillFileSink#VERDICTS}
     */
    public JsonLinesFileSink(String directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        // Never through a link: the directory and its files are the run's own (PartsDirectory).
        PartsDirectory.checkNotLink(Path.of(directory));
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path dir = Files.createDirectories(Path.of(directory));
        return new Writer<>(BackfillFileSink.open(dir.resolve(prefix + subtask + ".jsonl")));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final BufferedWriter out;

        Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(T record, Context context) throws IOException {
            out.write(Json.toJson(record));
            out.newLine();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
