package dev.faultline.connectors.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The backfill's scratch directory ({@code OUT/parts}) where {@link BackfillFileSink} writes its
 * part files. It is emptied before and after each run, so it must never be a link: emptying a link
 * to elsewhere would delete someone else's files. Only the sink's own part files are deleted;
 * anything else in it stops the run with an error, rather than being deleted.
 */
public final class PartsDirectory {
    private static final String[] PREFIXES = {
        BackfillFileSink.VERDICTS,
        BackfillFileSink.DEAD_LETTERS,
        BackfillFileSink.ALERTS,
        BackfillFileSink.CANDIDATE_SETS
    };

    private PartsDirectory() {}

    /** Fails unless {@code parts} is absent or a directory itself (not a link to one). */
    public static void checkNotLink(Path parts) throws IOException {
        BasicFileAttributes a = lstat(parts);
        if (a != null && !a.isDirectory()) {
            throw new IOException(
                    parts
                            + (a.isSymbolicLink() ? " is a symbolic link" : " is not a directory")
                            + ": the backfill neither writes nor deletes through it; remove it or"
                            + " choose another --out");
        }
    }

    /**
     * Deletes the part files in {@code parts} and then the directory; nothing if it is absent.
     * Links in it are removed themselves, their targets are not touched.
     */
    public static void clear(Path parts) throws IOException {
        checkNotLink(parts);
        if (lstat(parts) == null) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parts)) {
            for (Path entry : entries) {
                if (!isPartFile(entry)) {
                    throw new IOException(
                            parts
                                    + " holds "
                                    + entry.getFileName()
                                    + ", which the backfill did not write: not deleting it;"
                                    + " move it or choose another --out");
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parts)) {
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
        Files.delete(parts);
    }

    /** A part file of the sink's: its name, and not a directory. */
    private static boolean isPartFile(Path entry) {
        String name = entry.getFileName().toString();
        BasicFileAttributes a = lstat(entry);
        if (a == null || a.isDirectory() || !name.endsWith(".jsonl")) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
