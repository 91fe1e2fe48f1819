package dev.faultline.connectors.archive;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What an archive entry is, judged without following symbolic links ({@code lstat}). Only regular
 * files and real directories are read: a link can lead out of the archive (its lines would end up
 * in verdict evidence, and a loop of linked directories never ends), and opening a FIFO blocks
 * until something writes to it. The archive root itself may be a link (a "latest" pointer an
 * operator passes on purpose): it is resolved once ({@link #realRoot}), and everything below it is
 * taken as it is. Only a local file system has links and special files; on any other, entries are
 * taken as listed.
 */
final class ArchiveEntries {
    static final String SYMLINK = "symlink";
    static final String SPECIAL_FILE = "special-file";

    private ArchiveEntries() {}

    /** Why {@code path} is not to be opened, as a dead letter's reason; null if it may be. */
    static String refusal(Path path) {
        return refusal(lstat(path));
    }

    /** As above, for an entry's attributes ({@link #lstat}; null when not to be had). */
    static String refusal(BasicFileAttributes a) {
        if (a == null || a.isRegularFile() || a.isDirectory()) {
            // Not local, gone, or a directory named like a file: opening it reports the problem.
            return null;
        }
        return a.isSymbolicLink() ? SYMLINK : SPECIAL_FILE;
    }

    /** A dead letter's detail for {@link #refusal}'s reason. */
    static String detail(String reason) {
        return SYMLINK.equals(reason)
                ? "symbolic link: not followed, archives hold regular files only"
                : "not a regular file (FIFO, socket or device): not opened";
    }

    /**
     * The entry's attributes, links not followed; null when the file system is not local or the
     * entry cannot be looked at.
     */
    static BasicFileAttributes lstat(Path path) {
        java.nio.file.Path local = local(path);
        if (local == null) {
            return null;
        }
        try {
            return Files.readAttributes(
                    local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code path} is a directory itself, not a link to one. */
    static boolean isDirectory(Path path) throws IOException {
        if (local(path) == null) {
            return path.getFileSystem().getFileStatus(path).isDir();
        }
        BasicFileAttributes a = lstat(path);
        return a != null && a.isDirectory();
    }

    /** The archive root with every link in it resolved; others' paths as they are. */
    static Path realRoot(Path root) throws IOException {
        java.nio.file.Path local = local(root);
        if (local == null) {
            return root;
        }
        String real = local.toRealPath().toString();
        // Unchanged paths stay as given, so dead letters name files as the operator wrote them.
        return real.equals(local.toString())
                ? root
                : new Path(root.toUri().getScheme(), root.toUri().getAuthority(), real);
    }

    /** Whether {@code path} is on the local file system, the only one with links. */
    static boolean isLocal(Path path) {
        return local(path) != null;
    }

    private static java.nio.file.Path local(Path path) {
        // From the path's scheme (or the default one), not getFileSystem(): that takes Flink's
        // global file-system lock, and this runs once per file.
        String scheme = path.toUri().getScheme();
        if (scheme == null) {
            scheme = FileSystem.getDefaultFsUri().getScheme();
        }
        return "file".equals(scheme) ? new File(path.toUri().getPath()).toPath() : null;
    }

    /**
     * The entry {@code name} of {@code dir}. A name with a colon goes in as {@code ./name}: Flink's
     * {@code Path} takes the part before a colon for a URI scheme, so {@code new Path(dir,
     * "x:y.log")} throws (and took the whole backfill down) where {@code ./x:y.log} names the file.
     * Other names are joined as they are.
     */
    static Path child(Path dir, String name) {
        return new Path(dir, name.indexOf(':') >= 0 ? "./" + name : name);
    }
}
