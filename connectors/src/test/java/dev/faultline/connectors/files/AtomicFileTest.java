package dev.faultline.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole by a rename, or not at all. */
class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void replacesTheTargetByRenameNotInPlace() throws IOException {
        Path target = Files.writeString(dir.resolve("verdicts.jsonl"), "old\n");
        // A second name for the old file: had the new text been written into it in place, this
        // would show it.
        Path oldInode = Files.createLink(dir.resolve("old-inode"), target);

        AtomicFile.write(target, w -> w.write("new\n"));

        assertThat(target).hasContent("new");
        assertThat(oldInode).hasContent("old");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void failedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("summary.json"), "{\"old\":1}\n");

        assertThatThrownBy(
                        () ->
                                AtomicFile.write(
                                        target,
                                        w -> {
                                            w.write("{\"new\":");
                                            throw new IOException("disk full");
                                        }))
                .hasMessage("disk full");

        assertThat(target).hasContent("{\"old\":1}");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void targetThatIsALinkIsReplacedAndWhatItPointsToKept() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "not yours\n");
        Path target = Files.createSymbolicLink(dir.resolve("alerts.jsonl"), elsewhere);

        AtomicFile.writeString(target, "alerts\n");

        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("alerts");
        assertThat(elsewhere).hasContent("not yours");
    }

    private Stream<Path> tempFiles() throws IOException {
        return Files.list(dir)
                .filter(p -> p.getFileName().toString().endsWith(".tmp"))
                .toList()
                .stream();
    }
}
