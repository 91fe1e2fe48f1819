package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.faultline.operators.TestCatalogs;
import dev.faultline.operators.catalog.RuleKind;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.Hit;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.schemas.LogLine;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineTaggerTest {
    private static final SignatureCatalog CATALOG = TestCatalogs.parse(TestCatalogs.BASIC);
    private LineTagger tagger;

    @BeforeEach
    void setUp() {
        tagger = new LineTagger(CATALOG);
    }

    private TaggedLine tag(String text) {
        return tagger.tag(new LogLine("b-1", 42, "2024-05-01T10:00:00Z", text));
    }

    private static String[] hitIds(TaggedLine t) {
        return t.hits == null
                ? new String[0]
                : Arrays.stream(t.hits).map(h -> h.id).toArray(String[]::new);
    }

    @Test
    void copiesPositionAndTimestamp() {
        TaggedLine t = tag("nothing to see");
        assertThat(t.buildId).isEqualTo("b-1");
        assertThat(t.seq).isEqualTo(42);
        assertThat(t.timestamp).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void countsRuleKinds() {
        assertThat(CATALOG.count(RuleKind.MARKER)).isEqualTo(7);
        assertThat(CATALOG.count(RuleKind.SIGNATURE)).isEqualTo(5);
    }

    @Test
    void stepMarkersSetStageAndStep() {
        TaggedLine clone = tag("Cloning repository...");
        assertThat(clone.stage).isEqualTo("clone");
        assertThat(clone.step).isEqualTo("clone");
        assertThat(clone.end).isNull();
        assertThat(clone.isInteresting()).isTrue();
        assertThat(clone.text).isEqualTo("Cloning repository...");

        TaggedLine install =
                tag("Installing project dependencies: npm clean-install --progress=false");
        assertThat(install.stage).isEqualTo("install");
        assertThat(install.step).isEqualTo("dependency_installation");
    }

    @Test
    void endMarkersEndTheBuild() {
        TaggedLine ok = tag("Success: Build command completed\r");
        assertThat(ok.end).isEqualTo("success");
        assertThat(ok.text).isEqualTo("Success: Build command completed");

        TaggedLine failed = tag("Failed: build command exited with code: 1");
        assertThat(failed.end).isEqualTo("failure");
        assertThat(hitIds(failed)).containsExactly("exit-code");
        assertThat(failed.hits[0].summary).isEqualTo("a command exited with code 1");

        // the end regex is anchored: this is not an end-of-job line
        assertThat(tag("Tests Failed: 3").end).isNull();
    }

    @Test
    void signatureHitRendersSummaryWithNamedGroup() {
        TaggedLine t = tag("npm ERR! Missing script: \"build\"");
        assertThat(hitIds(t)).containsExactly("npm-missing-script");
        Hit hit = t.hits[0];
        assertThat(hit.summary).isEqualTo("npm script \"build\" is missing");
        assertThat(t.text).isEqualTo("npm ERR! Missing script: \"build\"");
        assertThat(t.errorScore).isPositive();
    }

    @Test
    void literalFromAListAndNumberedGroup() {
        TaggedLine t = tag("src/index.ts(3,1): error TS2304: Cannot find name 'foo'.");
        assertThat(hitIds(t)).containsExactly("ts-error");
        assertThat(t.hits[0].summary).isEqualTo("TypeScript error TS2304");
    }

    @Test
    void literalWithoutRegexConfirmationIsNoHit() {
        // "missing script" occurs, but the confirming regex wants npm ERR!/npm error before it
        TaggedLine t = tag("yarn: missing script build");
        assertThat(t.hits).isNull();
    }

    @Test
    void ansiColouredLineStillMatchesAndKeepsCleanText() {
        TaggedLine t = tag("\u001b[31mnpm ERR!\u001b[39m Missing script: \"build:prod\"");
        assertThat(hitIds(t)).containsExactly("npm-missing-script");
        assertThat(t.hits[0].summary).isEqualTo("npm script \"build:prod\" is missing");
        assertThat(t.text).isEqualTo("npm ERR! Missing script: \"build:prod\"");
    }

    @Test
    void progressSegmentsAreTaggedSeparately() {
        TaggedLine t = tag("fetch 10%\rfetch 90%\rremote: internal error while packing\r");
        assertThat(hitIds(t)).containsExactly("internal-error");
        assertThat(t.text).isEqualTo("remote: internal error while packing");
    }

    @Test
    void literalsAreCaseInsensitive() {
        TaggedLine t = tag("fatal: AUTHENTICATION FAILED for 'https://example.invalid/repo.git/'");
        assertThat(hitIds(t)).containsExactly("git-auth");
    }

    @Test
    void sequenceStepsAreTagged() {
        assertThat(tag("vite v5.4.2 building for production...").steps)
                .containsExactly("vite-resolve#1");
        assertThat(tag("✘ [ERROR] Could not resolve \"./missing\"").steps)
                .containsExactly("vite-resolve#2");
        assertThat(tag("retrying build once more").steps).containsExactly("vite-resolve#not");
        TaggedLine step = tag("Could not resolve entry module");
        assertThat(step.hasSteps()).isTrue();
        assertThat(step.hasStep("vite-resolve#2")).isTrue();
        assertThat(step.hasStep("vite-resolve#1")).isFalse();
    }

    @Test
    void uninterestingLinesKeepOnlyTheirPosition() {
        TaggedLine t = tag("transforming (42) src/components/Button.tsx");
        assertThat(t.isInteresting()).isFalse();
        assertThat(t.text).isNull();
        assertThat(t.hits).isNull();
        assertThat(t.steps).isNull();
        assertThat(t.errorScore).isZero();
        assertThat(tag(null).isInteresting()).isFalse();
    }

    @Test
    void errorLikeLinesWithoutSignatureAreKeptWithAScore() {
        TaggedLine t = tag("Error: Cannot find module 'left-pad'");
        assertThat(t.hits).isNull();
        assertThat(t.errorScore).isPositive();
        assertThat(t.text).isEqualTo("Error: Cannot find module 'left-pad'");

        TaggedLine worse =
                tag(
                        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
        assertThat(worse.errorScore).isGreaterThan(t.errorScore);
    }

    @Test
    void negativeCuesCancelErrorWords() {
        TaggedLine t = tag("Found 0 errors. Watching for file changes.");
        assertThat(t.errorScore).isLessThanOrEqualTo(0);
        assertThat(t.isInteresting()).isFalse();
    }

    @Test
    void giantLinesAreTaggedOnlyUpToTheLimit() {
        String head = "x".repeat(LineTagger.MAX_TAGGED_CHARS + 10);
        assertThat(tag(head + " internal error").hits).isNull();
        TaggedLine t = tag("internal error " + head);
        assertThat(hitIds(t)).containsExactly("internal-error");
        assertThat(t.text).hasSize(LineTagger.MAX_TAGGED_CHARS);
    }

    @Test
    void superLinearRegexIsCutOffAndCounted() {
        // The loader refuses nested and adjacent quantifiers (RegexSafety), but a regex can still
        // be polynomial: twelve ".*a" in a row try every way to place twelve a's in the line.
        String polynomial = "(?:" + ".*a".repeat(12) + ")$";
        SignatureCatalog evil =
                TestCatalogs.parse(
                        String.join(
                                "\n",
                                "version: 1",
                                "signatures:",
                                "  - id: exploding",
                                "    literal: aaa",
                                "    regex: '" + polynomial + "'",
                                "    fault: user",
                                "    severity: error",
                                "    summary: s",
                                "    examples: ['" + "a".repeat(12) + "']",
                                "  - id: plain",
                                "    literal: aaa",
                                "    fault: user",
                                "    severity: error",
                                "    summary: s",
                                ""));
        LineTagger evilTagger = new LineTagger(evil);
        String line = "a".repeat(29) + "b";
        TaggedLine t =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(5),
                        () -> evilTagger.tag(new LogLine("b", 1, null, line)));
        assertThat(hitIds(t)).containsExactly("plain");
        assertThat(evilTagger.regexBudgetExceeded()).isEqualTo(1);

        // the tagger keeps working, and counts each exhausted regex
        assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> evilTagger.tag(new LogLine("b", 2, null, line)));
        assertThat(evilTagger.regexBudgetExceeded()).isEqualTo(2);
        assertThat(hitIds(evilTagger.tag(new LogLine("b", 3, null, "a".repeat(20)))))
                .contains("exploding", "plain");
    }

    @Test
    void regexThatOverflowsTheStackCostsOneRuleOnOneLine() {
        // Each repetition is bounded, so the loader's check passes it, yet Java recurses once per
        // repetition of a group: 6,000 of them overflow a thread's stack.
        SignatureCatalog deep =
                TestCatalogs.parse(
                        String.join(
                                "\n",
                                "version: 1",
                                "signatures:",
                                "  - id: deep",
                                "    literal: abab",
                                "    regex: '(?:(?:a|b){0,200}){0,200}c'",
                                "    fault: user",
                                "    severity: error",
                                "    summary: s",
                                "    examples: ['ababc']",
                                "  - id: plain",
                                "    literal: abab",
                                "    fault: user",
                                "    severity: error",
                                "    summary: s",
                                ""));
        LineTagger deepTagger = new LineTagger(deep);
        String line = "ab".repeat(3_000) + "c";
        TaggedLine t = deepTagger.tag(new LogLine("b", 1, null, line));
        assertThat(hitIds(t)).containsExactly("plain");
        assertThat(deepTagger.regexStackOverflows()).isEqualTo(1);
        assertThat(hitIds(deepTagger.tag(new LogLine("b", 2, null, "ababc"))))
                .containsExactly("deep", "plain");
        assertThat(deepTagger.regexStackOverflows()).isEqualTo(1);
    }

    @Test
    void manyLinesDoNotLeakCandidatesBetweenLines() {
        for (int i = 0; i < 1000; i++) {
            assertThat(tag("internal error " + i).hits).hasSize(1);
            assertThat(tag("plain line " + i).hits).isNull();
        }
    }
}
