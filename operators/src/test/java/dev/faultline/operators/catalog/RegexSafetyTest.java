package dev.faultline.operators.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.operators.TestCatalogs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSafetyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a repeated group: one recursion per repetition
                "^\\s*(?:[a-zA-Z_$][\\w$]*\\.)*[A-Z][\\w$]*Error: ",
                "(?:/[\\w-]+)+ ",
                "(?:a|b){3,}",
                "(?:a|b){0,100000}c",
                "(?<name>x|y)*z",
                "(?:a|b)*?c",
                // nested quantifiers
                "(a+)+$",
                "(.*a){12}$",
                "(?:\\w+\\s?){2}x",
                // adjacent quantifiers over overlapping characters
                "\\s*\\s+x",
                "Errors: \\d+.*<<<",
                "[a-z]+\\w*:",
                ".*.*x",
            })
    void refusesShapesThatAreNotLinearOrRecurse(String regex) {
        assertThat(RegexSafety.problem(regex)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^\\s*(?:[a-zA-Z_$][\\w$]*\\.)*+[A-Z][\\w$]*Error: (?<msg>\\S.*)",
                "(?:/[\\w-]+)++ ",
                "(?:a|b){0,8}c",
                "Executing user (?:[\\w-]++ ){0,3}deploy command:",
                "Errors: \\d++.*<<<",
                "\\d+\\s*ms",
                "\"[^\"]*\"\\s*:",
                "npm (?:ERR!|error) code (?<code>E[A-Z0-9]+)",
                "(?=.*\\d)(?!.*x)[a-z]+",
                "(?i)^\\s*error\\b.*$",
                "\\Q.*.*\\E",
                "[\\]]+[a-z]*",
                "\\p{Alpha}+\\d+",
            })
    void acceptsLinearShapes(String regex) {
        assertThat(RegexSafety.problem(regex)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\w", "[a-z]", ".", "\\S"})
    void overlapIsFoundOnTheCharactersLinesAreMadeOf(String other) {
        assertThat(RegexSafety.overlap("[a-z]", other)).isTrue();
        assertThat(RegexSafety.overlap("\\d", "\\s")).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theLoaderRefusesAnUnsafeRegexWithTheReason() {
        String yaml =
                String.join(
                        "\n",
                        "version: 1",
                        "signatures:",
                        "  - id: java-exception",
                        "    literal: exception",
                        "    regex: '(?:[a-z]+\\.)*[A-Z]\\w*Exception'",
                        "    fault: user",
                        "    severity: error",
                        "    summary: s",
                        "");
        assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("java-exception: regex is unsafe")
                .hasMessageContaining("possessive");
    }
}
