package dev.faultline.operators.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A signature's advice, docs and retry: read when well-formed, a named error when not. */
class RemedyTest {
    private static SignatureCatalog parse(String extra) {
        String yaml =
                "version: 1\nsignatures:\n  - id: sig.boom\n    literal: boom happened\n"
                        + "    fault: user\n    severity: error\n    summary: boom\n"
                        + extra;
        return CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
    }

    @Test
    void adviceDocsAndRetryAreRead() {
        SignatureCatalog c =
                parse(
                        "    advice: \"Stop the boom.\"\n"
                                + "    docs: https://example.org/boom\n"
                                + "    retry: true\n");
        Remedy r = c.cause("sig.boom").remedy;
        assertThat(r.advice).isEqualTo("Stop the boom.");
        assertThat(r.docs).isEqualTo("https://example.org/boom");
        assertThat(r.retry).isTrue();
    }

    @Test
    void aUserCatalogMayLeaveThemOut() {
        Remedy r = parse("").cause("sig.boom").remedy;
        assertThat(r.advice).isNull();
        assertThat(r.docs).isNull();
        assertThat(r.retry).as("null: the default by fault and category").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'    retry: maybe\n'|sig.boom: retry must be true or false, not 'maybe'",
                "'    retry: 3\n'|sig.boom: retry must be true or false, not '3' (integer)",
                "'    retry: [true]\n'|sig.boom: retry must be true or false, not a list",
                "'    advice: [do, this]\n'|sig.boom: advice must be one sentence of text, not a list",
                "'    advice: {do: this}\n'|sig.boom: advice must be one sentence of text, not a mapping",
                "'    advice: 42\n'|sig.boom: advice must be one sentence of text, not '42' (integer)",
                "'    advice: \"  \"\n'|sig.boom: advice is blank",
                "'    advice: \"one\\ntwo\"\n'|sig.boom: advice must be one line",
                "'    docs: not a url\n'|sig.boom: docs is not a URL",
                "'    docs: http://example.org/x\n'|sig.boom: docs must be an absolute https:// URL",
                "'    docs: [https://example.org]\n'|sig.boom: docs must be a URL, not a list",
            })
    void malformedFieldsFailWithTheRuleNamed(String extra, String message) {
        assertThatThrownBy(() -> parse(extra))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(message);
    }

    @Test
    void overlongAdviceFails() {
        String longAdvice = "Do this. ".repeat(40);
        assertThatThrownBy(() -> parse("    advice: \"" + longAdvice + "\"\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("keep it to one sentence");
    }

    @Test
    void markersAndSequenceStepsCannotCarryAdvice() {
        String marker =
                "version: 1\nmarkers:\n  - id: m.end\n    literal: Build done\n    end: success\n"
                        + "    advice: \"x\"\n";
        assertThatThrownBy(
                        () ->
                                CatalogLoader.parse(
                                        marker.getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("m.end: advice, docs and retry belong on a signature");
        String step =
                "version: 1\nsequences:\n  - id: q.two\n    fault: user\n    severity: error\n"
                        + "    summary: two\n    advice: \"Fix both.\"\n    steps:\n"
                        + "      - literal: first line\n        retry: true\n"
                        + "      - literal: second line\n";
        assertThatThrownBy(
                        () -> CatalogLoader.parse(step.getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("q.two#1: advice, docs and retry belong");
    }

    @Test
    void aSequenceCarriesItsOwnAdvice() {
        String yaml =
                "version: 1\nsequences:\n  - id: q.two\n    fault: platform\n    severity: error\n"
                        + "    summary: two\n    advice: \"Fix both.\"\n    retry: false\n"
                        + "    steps:\n      - literal: first line\n      - literal: second line\n";
        SignatureCatalog c = CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
        assertThat(c.cause("q.two").remedy.advice).isEqualTo("Fix both.");
        assertThat(c.cause("q.two").remedy.retry).isFalse();
    }
}
