package dev.faultline.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out/parts scratch directory is never followed or emptied through a link. */
class PartsDirectoryTest {
    @TempDir Path dir;

    @Test
    void linkedPartsIsRefusedAndItsTargetKept() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path canary = Files.writeString(elsewhere.resolve("verdicts-0.jsonl"), "keep me\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path parts = Files.createSymbolicLink(out.resolve("parts"), elsewhere);

        assertThatThrownBy(() -> PartsDirectory.clear(parts))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> new BackfillFileSink(parts.toString()).createWriter(null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link");

        assertThat(canary).hasContent("keep me");
        assertThat(Files.isSymbolicLink(parts)).isTrue();
    }

    @Test
    void partFilesAreDeletedAndLinksAmongThemRemovedNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path canary = Files.writeString(elsewhere.resolve("canary"), "keep me\n");
        Path parts = Files.createDirectories(dir.resolve("out/parts"));
        Files.writeString(parts.resolve("verdicts-0.jsonl"), "{}\n");
        Files.writeString(parts.resolve("dead-letters-1.jsonl"), "{}\n");
        Files.createSymbolicLink(parts.resolve("alerts-0.jsonl"), canary);

        PartsDirectory.clear(parts);

        assertThat(parts).doesNotExist();
        assertThat(canary).hasContent("keep me");
    }

    @Test
    void foreignFilesInPartsAreNotDeleted() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("out/parts"));
        Path mine = Files.writeString(parts.resolve("verdicts-0.jsonl"), "{}\n");
        Path theirs = Files.writeString(parts.resolve("thesis.tex"), "years of work\n");

        assertThatThrownBy(() -> PartsDirectory.clear(parts))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("thesis.tex");
        assertThat(theirs).hasContent("years of work");
        assertThat(mine).exists();
    }

    @Test
    void absentPartsIsNothingToClear() throws IOException {
        Path parts = dir.resolve("out/parts");

        PartsDirectory.clear(parts);

        assertThat(parts).doesNotExist();
    }
}
