package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralScannerTest {

    private static List<Integer> scan(LiteralScanner scanner, String text) {
        List<Integer> found = new ArrayList<>();
        scanner.scan(text, 0, text.length(), found::add);
        return found;
    }

    @Test
    void findsOverlappingLiteralsInOrder() {
        LiteralScanner s =
                new LiteralScanner(List.of("he", "she", "his", "hers"), new int[] {0, 1, 2, 3});
        // classic Aho–Corasick example: "ushers" contains she, he and hers
        assertThat(scan(s, "ushers")).containsExactly(1, 0, 3);
        assertThat(scan(s, "his hers")).containsExactly(2, 0, 3);
        assertThat(scan(s, "nothing here")).containsExactly(0); // "he" in "here"
        assertThat(scan(s, "xyz")).isEmpty();
    }

    @Test
    void isCaseInsensitive() {
        LiteralScanner s = new LiteralScanner(List.of("npm err!", "error"), new int[] {7, 9});
        assertThat(scan(s, "NPM ERR! code ELIFECYCLE")).containsExactly(7);
        assertThat(scan(s, "Build ErRoR")).containsExactly(9);
    }

    @Test
    void reportsEveryOccurrence() {
        LiteralScanner s = new LiteralScanner(List.of("aa"), new int[] {5});
        assertThat(scan(s, "aaaa")).containsExactly(5, 5, 5);
    }

    @Test
    void reportsEachPayloadOfASharedLiteral() {
        LiteralScanner s =
                new LiteralScanner(List.of("fail", "fail", "failed"), new int[] {1, 2, 3});
        assertThat(scan(s, "it FAILED")).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void nonAsciiLiteralsMatch() {
        LiteralScanner s = new LiteralScanner(List.of("✘ [error]", "→ échec"), new int[] {1, 2});
        assertThat(scan(s, "\u001b[31m✘ [ERROR] Could not resolve \"./foo\"")).containsExactly(1);
        assertThat(scan(s, "→ ÉCHEC du build")).containsExactly(2);
        assertThat(scan(s, "✔ [error]")).isEmpty();
        // other non-ASCII text does not confuse the automaton
        assertThat(scan(s, "日本語 ✘ ✘ [error] ü")).containsExactly(1);
    }

    @Test
    void scansOnlyTheGivenRange() {
        LiteralScanner s = new LiteralScanner(List.of("abc"), new int[] {1});
        List<Integer> found = new ArrayList<>();
        s.scan("abcabc", 1, 6, found::add);
        assertThat(found).containsExactly(1);
        found.clear();
        s.scan("abcabc", 0, 2, found::add);
        assertThat(found).isEmpty();
    }

    @Test
    void rejectsMismatchedPayloads() {
        assertThatThrownBy(() -> new LiteralScanner(List.of("a", "b"), new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statesAreSharedByCommonPrefixes() {
        LiteralScanner s = new LiteralScanner(List.of("abc", "abd"), new int[] {1, 2});
        assertThat(s.states()).isEqualTo(5); // root, a, ab, abc, abd
    }
}
