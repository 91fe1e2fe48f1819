package dev.faultline.connectors.archive;

import dev.faultline.schemas.DeadLetter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * The split of a directory that could not be listed: one dead letter ({@code unlistable-directory})
 * instead of its files, so the rest of the archive is still read.
 */
final class UnlistableDirectoryReader implements BulkFormat.Reader<ArchiveRecord> {
    static final String REASON = "unlistable-directory";

    private final Path dir;
    private boolean done;

    /**
     * @param skip records already emitted before a restore (0 or 1)
     */
    UnlistableDirectoryReader(Path dir, long skip) {
        this.dir = dir;
        this.done = skip > 0;
    }

    @Override
    public BulkFormat.RecordIterator<ArchiveRecord> readBatch() {
        if (done) {
            return null;
        }
        done = true;
        DeadLetter d =
                new DeadLetter(
                        REASON,
                        "directory could not be listed, its files were not read: " + cause(),
                        dir.toString(),
                        null,
                        null);
        return new IteratorResultIterator<>(
                List.of(ArchiveRecord.dead(d)).iterator(), CheckpointedPosition.NO_OFFSET, 0);
    }

    /** Why listing fails, asked again here: a split carries no message from the enumerator. */
    private String cause() {
        if (ArchiveEntries.lstat(dir) == null) {
            return "not a local directory, or gone";
        }
        try (DirectoryStream<java.nio.file.Path> ignored =
                Files.newDirectoryStream(java.nio.file.Path.of(dir.toUri().getPath()))) {
            return "it could not be listed when the backfill started";
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {}
}
