package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineNormalizerTest {

    @Test
    void plainLineIsUnchanged() {
        assertThat(LineNormalizer.segments("npm ERR! code 1")).containsExactly("npm ERR! code 1");
        assertThat(LineNormalizer.segments("")).containsExactly("");
    }

    @Test
    void ansiColourCodesAreStripped() {
        String raw =
                "\u001b[1m\u001b[31mERROR\u001b[39m\u001b[22m: Build failed \u001b[38;5;208mhere\u001b[0m";
        assertThat(LineNormalizer.segments(raw)).containsExactly("ERROR: Build failed here");
        assertThat(LineNormalizer.stripAnsi("\u001b[2K\u001b[1Gdone")).isEqualTo("done");
    }

    @Test
    void oscAndTwoByteEscapesAreStripped() {
        assertThat(LineNormalizer.stripAnsi("\u001b]0;title\u0007text")).isEqualTo("text");
        assertThat(LineNormalizer.stripAnsi("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\"))
                .isEqualTo("link");
        assertThat(LineNormalizer.stripAnsi("a\u001b=b\u001b")).isEqualTo("ab");
    }

    @Test
    void charsetDesignationEscapeIsStripped() {
        // `tput sgr0` emits ESC ( B ESC [ m on xterm-like terminals: a three-byte escape (ESC, an
        // intermediate byte 0x20-0x2F, a final byte). Leaving the 'B' behind breaks anchored
        // regexes.
        String raw = "\u001b(B\u001b[mFailed: build command exited with code: 1";
        assertThat(LineNormalizer.segments(raw))
                .containsExactly("Failed: build command exited with code: 1");
    }

    @Test
    void bareCarriageReturnsSplitProgressSegments() {
        String raw = "Downloading 10%\rDownloading 55%\rDownloading 100%\rerror: disk full";
        assertThat(LineNormalizer.segments(raw))
                .containsExactly(
                        "Downloading 10%",
                        "Downloading 55%", "Downloading 100%", "error: disk full");
        assertThat(LineNormalizer.display(raw)).isEqualTo("error: disk full");
    }

    @Test
    void blankSegmentsAreDropped() {
        assertThat(LineNormalizer.segments("\r\r  \rreal text\r")).containsExactly("real text");
        assertThat(LineNormalizer.segments("\r \r")).containsExactly("");
    }

    @Test
    void trailingCarriageReturnIsKeptOutOfTheText() {
        assertThat(LineNormalizer.segments("Success: Build command completed\r"))
                .containsExactly("Success: Build command completed");
        assertThat(LineNormalizer.display("line\r")).isEqualTo("line");
    }

    @Test
    void ansiAndCarriageReturnsTogether() {
        String raw =
                "\u001b[32m⠋\u001b[0m installing\r\u001b[32m⠙\u001b[0m installing\r\u001b[31mnpm ERR!\u001b[0m 404\r";
        assertThat(LineNormalizer.segments(raw))
                .containsExactly("⠋ installing", "⠙ installing", "npm ERR! 404");
    }

    @Test
    void aPrefixIsStrippedAsItsSubstringWouldBe() {
        List<String> lines =
                List.of(
                        "\u001b[31merror\u001b[0m: x\r",
                        "\u001b]0;title\u0007text\u001b[",
                        "a\u001b=b\u001b",
                        "plain text",
                        "\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\",
                        "ünï \u001b[1m✓\u001b[22m done\r");
        for (String line : lines) {
            for (int n = 0; n <= line.length(); n++) {
                assertThat(LineNormalizer.stripAnsi(line, n))
                        .as(line + " up to " + n)
                        .isEqualTo(LineNormalizer.stripAnsi(line.substring(0, n)));
            }
        }
    }

    @Test
    void aTrailingCarriageReturnEndsNoSegment() {
        for (String line :
                List.of("\u001b[32mok\u001b[0m", "50%\r100%", "plain", "\u001b[1m \r ", "✓ done")) {
            assertThat(LineNormalizer.segments(line + "\r"))
                    .as(line)
                    .isEqualTo(LineNormalizer.segments(line));
        }
    }
}
