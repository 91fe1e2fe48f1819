package dev.faultline.connectors.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes an output file so that readers see the old file or the whole new one, never a part: the
 * text goes to a hidden temporary file in the same directory (a rename is atomic only within one
 * file system), is forced to disk, and is renamed over the target. A target that is a link is
 * replaced by the new file; what the link pointed to is not touched. If writing fails, the
 * temporary file is removed and the target is as it was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the text {@code body} produces. */
    public interface Body {
        void writeTo(BufferedWriter out) throws IOException;
    }

    /** Writes the bytes {@code body} puts into the channel. */
    public interface ChannelBody {
        void writeTo(FileChannel out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code body}'s text (UTF-8). */
    public static void write(Path target, Body body) throws IOException {
        writeBytes(
                target,
                channel -> {
                    BufferedWriter out =
                            new BufferedWriter(
                                    Channels.newWriter(channel, StandardCharsets.UTF_8), 64 * 1024);
                    body.writeTo(out);
                    out.flush();
                });
    }

    /** Writes {@code target} atomically with the bytes {@code body} writes to its channel. */
    public static void writeBytes(Path target, ChannelBody body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // CREATE_NEW: a file (or link) of that name is never reused or followed.
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(channel);
                // On disk before the rename, or a crash could leave a complete name on an empty
                // file.
                channel.force(false);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Writes {@code target} atomically with {@code text}. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text));
    }
}
