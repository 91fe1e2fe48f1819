package dev.faultline.operators.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.operators.TestCatalogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    private static final String HEAD = "version: 1\n";

    private static SignatureCatalog parse(String yaml) {
        return CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
    }

    private static String signature(String id, String extra) {
        return "  - id: "
                + id
                + "\n"
                + "    literal: boom happened\n"
                + "    fault: user\n"
                + "    severity: error\n"
                + "    summary: boom\n"
                + extra;
    }

    @Test
    void basicCatalogLoadsAndIsCompiled() {
        SignatureCatalog c = TestCatalogs.parse(TestCatalogs.BASIC);
        assertThat(c.source()).isEqualTo("test");
        assertThat(c.count(RuleKind.MARKER)).isEqualTo(7);
        assertThat(c.count(RuleKind.SIGNATURE)).isEqualTo(5);
        assertThat(c.count(RuleKind.SEQUENCE_STEP)).isEqualTo(2);
        assertThat(c.count(RuleKind.SEQUENCE_NOT)).isEqualTo(1);
        assertThat(c.sequences()).hasSize(1);
        for (int i = 0; i < c.rules().size(); i++) {
            assertThat(c.rule(i).index).isEqualTo(i);
        }

        LineRule npm = c.signature("npm-missing-script");
        assertThat(npm.category).isEqualTo("build_command");
        assertThat(npm.severity).isEqualTo(Severity.ERROR);
        assertThat(npm.literals).containsExactly("missing script");
        assertThat(c.signature("ts-error").literals).containsExactly("error ts", "error ts");

        SequenceRule seq = c.sequence("vite-resolve");
        assertThat(seq.steps).hasSize(2);
        assertThat(seq.steps[0].id).isEqualTo("vite-resolve#1");
        assertThat(seq.steps[0].sequenceId).isEqualTo("vite-resolve");
        assertThat(seq.steps[0].maxLines).isEqualTo(100);
        assertThat(seq.steps[1].maxLines).isEqualTo(5);
        assertThat(seq.evidenceStep).isEqualTo(1);
        assertThat(seq.withinSeconds).isEqualTo(3600);
        assertThat(seq.notFollowedBy.id).isEqualTo("vite-resolve#not");

        SignatureCatalog.Cause cause = c.cause("vite-resolve");
        assertThat(cause.category).isEqualTo("build_command");
        assertThat(cause.severity).isEqualTo(Severity.ERROR);
        assertThat(c.cause("internal-error").category).isNull();
        assertThat(c.cause("internal-error").severity).isEqualTo(Severity.CRITICAL);
        assertThat(c.cause("nope")).isNull();
    }

    @Test
    void catalogSurvivesJavaSerialization() throws Exception {
        // the catalog travels inside Flink functions
        SignatureCatalog c = TestCatalogs.parse(TestCatalogs.BASIC);
        SignatureCatalog copy = InstantiationUtil.clone(c);
        assertThat(copy.rules()).hasSameSizeAs(c.rules());
        assertThat(copy.signature("npm-missing-script").confirm("npm ERR! Missing script: \"x\""))
                .isNotNull();
        assertThat(copy.sequence("vite-resolve").steps).hasSize(2);
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cat.yaml");
        Files.writeString(file, TestCatalogs.BASIC);
        SignatureCatalog c = CatalogLoader.load(file);
        assertThat(c.source()).isEqualTo(file.toString());
        assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void duplicateIdFails() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "signatures:\n"
                                                + signature("dup-one", "")
                                                + signature("dup-one", "")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("dup-one")
                .hasMessageContaining("duplicate id");
    }

    @Test
    void duplicateIdAcrossMarkersAndSignaturesFails() {
        String yaml =
                HEAD
                        + "markers:\n  - id: same\n    literal: Cloning repo\n    stage: clone\n"
                        + "signatures:\n"
                        + signature("same", "");
        assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("same: duplicate id");
    }

    @Test
    void missingLiteralFails() {
        String yaml =
                HEAD
                        + "signatures:\n  - id: no-literal\n    regex: 'boom'\n    fault: user\n"
                        + "    severity: error\n    summary: s\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("no-literal")
                .hasMessageContaining("needs a literal");
    }

    @Test
    void tooShortOrBlankLiteralFails() {
        String shortLit =
                HEAD
                        + "signatures:\n  - id: short-lit\n    literal: ab\n    fault: user\n"
                        + "    severity: error\n    summary: s\n";
        assertThatThrownBy(() -> parse(shortLit))
                .hasMessageContaining("short-lit")
                .hasMessageContaining("too short");
        String blank =
                HEAD
                        + "signatures:\n  - id: blank-lit\n    literal: '   '\n    fault: user\n"
                        + "    severity: error\n    summary: s\n";
        assertThatThrownBy(() -> parse(blank))
                .hasMessageContaining("blank-lit")
                .hasMessageContaining("blank");
    }

    @Test
    void badRegexFails() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "signatures:\n"
                                                + signature(
                                                        "bad-regex",
                                                        "    regex: 'boom (unclosed'\n")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("bad-regex")
                .hasMessageContaining("regex does not compile");
    }

    @Test
    void unknownCategoryFaultOrSeverityFails() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "signatures:\n"
                                                + signature("bad-cat", "    category: compile\n")))
                .hasMessageContaining("bad-cat")
                .hasMessageContaining("unknown category compile");
        String badFault =
                HEAD
                        + "signatures:\n  - id: bad-fault\n    literal: boom happened\n    fault: ops\n"
                        + "    severity: error\n    summary: s\n";
        assertThatThrownBy(() -> parse(badFault))
                .hasMessageContaining("bad-fault")
                .hasMessageContaining("unknown fault ops");
        String badSeverity =
                HEAD
                        + "signatures:\n  - id: bad-sev\n    literal: boom happened\n    fault: user\n"
                        + "    severity: fatal\n    summary: s\n";
        assertThatThrownBy(() -> parse(badSeverity))
                .hasMessageContaining("bad-sev")
                .hasMessageContaining("unknown severity fatal");
        String noSeverity =
                HEAD
                        + "signatures:\n  - id: no-sev\n    literal: boom happened\n    fault: user\n"
                        + "    summary: s\n";
        assertThatThrownBy(() -> parse(noSeverity))
                .hasMessageContaining("no-sev")
                .hasMessageContaining("needs a severity");
    }

    @Test
    void unknownMarkerVocabularyFails() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "markers:\n  - id: m-stage\n    literal: Testing now\n    stage: test\n"))
                .hasMessageContaining("m-stage")
                .hasMessageContaining("unknown stage test");
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "markers:\n  - id: m-end\n    literal: Done now\n    end: passed\n"))
                .hasMessageContaining("m-end")
                .hasMessageContaining("unknown end passed");
        assertThatThrownBy(() -> parse(HEAD + "markers:\n  - id: m-none\n    literal: Done now\n"))
                .hasMessageContaining("m-none")
                .hasMessageContaining("needs stage, step, end or block");
        assertThatThrownBy(
                        () ->
                                parse(
                                        HEAD
                                                + "markers:\n  - id: m-block\n    literal: Done now\n    block: middle\n"))
                .hasMessageContaining("m-block")
                .hasMessageContaining("block must be start or failed");
    }

    @Test
    void exampleNotMatchingFails() {
        String yaml =
                HEAD
                        + "signatures:\n"
                        + signature(
                                "bad-example",
                                "    regex: 'boom happened at (\\d+)'\n    examples: ['boom happened at noon']\n");
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("bad-example")
                .hasMessageContaining("example does not match: boom happened at noon");
    }

    @Test
    void exampleWithoutTheLiteralFails() {
        String yaml =
                HEAD + "signatures:\n" + signature("lit-example", "    examples: ['kaboom']\n");
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("lit-example")
                .hasMessageContaining("example does not match");
    }

    @Test
    void counterExampleMatchingFails() {
        String yaml =
                HEAD
                        + "signatures:\n"
                        + signature(
                                "bad-counter", "    counterExamples: ['BOOM HAPPENED again']\n");
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("bad-counter")
                .hasMessageContaining("counter-example matches");
    }

    @Test
    void exampleThatBlowsTheRegexBudgetFailsAtLoad() {
        // twelve .*a in a row (which RegexSafety lets through: no nesting, no adjacent
        // quantifiers) try every placement of twelve a's in a line that does not end in 'a'
        String yaml =
                HEAD
                        + "signatures:\n  - id: evil\n    literal: aaa\n    regex: '(?:"
                        + ".*a".repeat(12)
                        + ")$'\n"
                        + "    fault: user\n    severity: error\n    summary: s\n"
                        + "    counterExamples: ['"
                        + "a".repeat(40)
                        + "b']\n";
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("evil")
                .hasMessageContaining("budget");
    }

    @Test
    void unknownYamlFieldFails() {
        String yaml = HEAD + "signatures:\n" + signature("typo-field", "    severty: error\n");
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("not a valid catalog")
                .hasMessageContaining("severty");
    }

    @Test
    void unknownTopLevelFieldFails() {
        assertThatThrownBy(() -> parse(HEAD + "rules: []\n")).hasMessageContaining("rules");
    }

    @Test
    void sequenceWithOneStepFails() {
        String yaml =
                HEAD
                        + "sequences:\n  - id: lonely\n    fault: user\n    severity: error\n    summary: s\n"
                        + "    steps:\n      - literal: only step\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("lonely")
                .hasMessageContaining("at least two steps");
    }

    @Test
    void sequenceStepErrorsNameTheStep() {
        String yaml =
                HEAD
                        + "sequences:\n  - id: two-step\n    fault: user\n    severity: error\n    summary: s\n"
                        + "    steps:\n      - literal: first step\n      - literal: second step\n        maxLines: 0\n";
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("two-step#2")
                .hasMessageContaining("maxLines");
        String badEvidence =
                HEAD
                        + "sequences:\n  - id: ev\n    fault: user\n    severity: error\n    summary: s\n"
                        + "    evidence: middle\n    steps:\n      - literal: first step\n      - literal: second step\n";
        assertThatThrownBy(() -> parse(badEvidence))
                .hasMessageContaining("ev: evidence must be first or last");
    }

    @Test
    void notYamlAtAllFails() {
        assertThatThrownBy(() -> parse("this is just prose, not a catalog"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("t.yaml");
        assertThatThrownBy(() -> parse("{ [ : : ]] version"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("not a valid catalog");
        assertThatThrownBy(
                        () ->
                                CatalogLoader.parse(
                                        new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 0, 0}, "bin"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("bin");
        assertThatThrownBy(() -> parse("")).isInstanceOf(CatalogException.class);
    }

    @Test
    void wrongVersionFails() {
        assertThatThrownBy(() -> parse("version: 2\nsignatures: []\n"))
                .hasMessageContaining("unsupported catalog version 2");
        assertThatThrownBy(() -> parse("signatures: []\n"))
                .hasMessageContaining("unsupported catalog version 0");
    }

    @Test
    void badIdFails() {
        assertThatThrownBy(() -> parse(HEAD + "signatures:\n" + signature("Upper_Case", "")))
                .hasMessageContaining("Upper_Case")
                .hasMessageContaining("lower-case");
        String noId =
                HEAD
                        + "signatures:\n  - literal: boom happened\n    fault: user\n    severity: error\n    summary: s\n";
        assertThatThrownBy(() -> parse(noId)).hasMessageContaining("has no id");
    }
}
