package dev.faultline.connectors.archive;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.flink.core.fs.Path;

/**
 * One file a split reader opens: the name dead letters give it ({@link #source}, what Flink's
 * {@link Path} prints), and how it is looked at and opened.
 *
 * <p>A log of a batch on the local file system is a plain {@link File} whose names are joined as
 * strings: a Flink {@code Path} per file parses and prints URIs, and opening through Flink's
 * FileSystem takes its global lock; on an archive of 100,000 small logs that was about half of the
 * reader's CPU. Joining gives the same strings as {@code new Path(dir, name)} for names of
 * printable ASCII without {@code :} or {@code \} (which Flink's Path takes for a scheme or a
 * separator); other names, relative directories and other file systems take Flink's way.
 */
final class SplitFile {
    /** The file as dead letters name it: {@code Path.toString()}. */
    final String source;

    /** The file's name, without its directory. */
    final String name;

    /** The file on the local file system, or null: then {@link #path} is opened through Flink. */
    private final File local;

    private final Path path;

    /** The file's length when {@link #refusal} looked at it; -1 when not known. */
    private long size = -1;

    private SplitFile(String source, String name, File local, Path path) {
        this.source = source;
        this.name = name;
        this.local = local;
        this.path = path;
    }

    /** A file given as a Flink path, opened through Flink's FileSystem. */
    static SplitFile of(Path path) {
        return new SplitFile(path.toString(), path.getName(), null, path);
    }

    /**
     * The directory's files resolved per name: the directory's strings are worked out once by
     * {@link #in}, then each file costs two string joins.
     */
    static final class Directory {
        private final Path dir;

        /** The directory as dead letters name it, with the separator its files' names follow. */
        private final String sourcePrefix;

        /** The directory's absolute local path and separator, or null: files go through Flink. */
        private final String localPrefix;

        private Directory(Path dir) {
            this.dir = dir;
            this.sourcePrefix = withSeparator(dir.toString());
            String p = dir.toUri().getPath();
            this.localPrefix =
                    ArchiveEntries.isLocal(dir) && p != null && p.startsWith("/")
                            ? withSeparator(p)
                            : null;
        }

        /** The file {@code name} in this directory, as {@code new Path(dir, name)} names it. */
        SplitFile file(String name) {
            if (localPrefix == null || !joinsPlainly(name)) {
                return of(ArchiveEntries.child(dir, name));
            }
            return new SplitFile(sourcePrefix + name, name, new File(localPrefix + name), null);
        }
    }

    /** Resolves files of {@code dir}. */
    static Directory in(Path dir) {
        return new Directory(dir);
    }

    /** {@code dir} ending in one separator (only the root already does). */
    private static String withSeparator(String dir) {
        return dir.endsWith("/") ? dir : dir + "/";
    }

    /** Whether {@code new Path(dir, name)} keeps {@code name} as it is (see the class comment). */
    static boolean joinsPlainly(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ':' || c == '\\' || c == '/') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** Why the file is not to be opened, as a dead letter's reason; null if it may be. */
    String refusal() {
        if (local == null) {
            return ArchiveEntries.refusal(path);
        }
        BasicFileAttributes a;
        try {
            a =
                    Files.readAttributes(
                            local.toPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // gone: opening it reports the problem
        }
        size = a.isRegularFile() ? a.size() : -1;
        return ArchiveEntries.refusal(a);
    }

    /**
     * The file's bytes. Locally a {@link FileInputStream}, as Flink's local file system opens it
     * too, so failures read the same ({@code FileNotFoundException: … (Is a directory)}).
     */
    InputStream open() throws IOException {
        return local != null ? new FileInputStream(local) : path.getFileSystem().open(path);
    }

    /**
     * The file's length as {@link #refusal} found it just before it was opened, or -1 when not
     * known (not looked at, not local, not a regular file). Archives do not change while they are
     * read, so a read that has reached it has reached the end.
     */
    long knownSize() {
        return size;
    }

    /** Whether the file is opened with java.io directly rather than through Flink. */
    boolean opensDirectly() {
        return local != null;
    }

    @Override
    public String toString() {
        return source;
    }
}
