package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.catalog.CatalogLoader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-signatures --against} over {@code testdata/sample-archive}: the default catalog plus
 * two candidates. One states curl's documented "could not resolve host" exit (code 6) and fires
 * only on the failed build whose download hit it; the other matches npm's install-scripts warning,
 * which successful builds print too, so the check must fail.
 */
class SignatureShadowITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestCluster.create();

    static final String GOOD =
            String.join(
                    "\n",
                    "  - id: curl.could-not-resolve-host",
                    "    literal: \"Could not resolve host\"",
                    "    regex: 'curl: \\(6\\) Could not resolve host: (?<host>\\S+)'",
                    "    fault: platform",
                    "    severity: error",
                    "    summary: \"curl: could not resolve host {host} (DNS)\"",
                    "    advice: \"Retry the build: curl could not resolve the host name, a DNS"
                            + " problem outside the project.\"",
                    "    docs: https://curl.se/docs/manpage.html",
                    "    cite: \"curl(1) EXIT CODES: 6 Couldn't resolve host.\"",
                    "    examples: [\"curl: (6) Could not resolve host: github.com\"]",
                    "");
    static final String NOISY =
            String.join(
                    "\n",
                    "  - id: npm.install-scripts-warning",
                    "    literal: \"npm warn install-scripts\"",
                    "    fault: user",
                    "    severity: warning",
                    "    summary: \"npm: packages want to run install scripts\"",
                    "    advice: \"Review which dependencies run install scripts.\"",
                    "    examples: [\"npm warn install-scripts 4 packages have install scripts\"]",
                    "");

    @TempDir static Path dir;
    static int exitCode;
    static String report;

    @BeforeAll
    static void shadowTest() throws Exception {
        String catalog;
        try (InputStream in =
                CatalogLoader.class.getResourceAsStream(CatalogLoader.DEFAULT_RESOURCE)) {
            catalog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // First in the list: of equally severe signatures on one line, the first listed wins.
        Path candidate = dir.resolve("candidate.yaml");
        Files.writeString(
                candidate,
                catalog.replaceFirst(
                        "(?m)^signatures:\n",
                        java.util.regex.Matcher.quoteReplacement("signatures:\n" + GOOD + NOISY)));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode =
                    FaultlineCli.run(
                            new String[] {
                                "check-signatures",
                                "--signatures",
                                candidate.toString(),
                                "--against",
                                SampleArchiveGoldenITCase.TESTDATA
                                        .resolve("sample-archive")
                                        .toString(),
                                "--max-success-share",
                                "0.01"
                            });
        } finally {
            System.setOut(stdout);
        }
        report = captured.toString(StandardCharsets.UTF_8);
        stdout.print(report);
    }

    @Test
    void aCandidateThatFiresOnSuccessfulBuildsFailsTheCheck() {
        assertThat(exitCode).isEqualTo(1);
        assertThat(section("npm.install-scripts-warning"))
                .contains("(new)")
                .containsPattern("hits in successful builds:  [1-9]\\d* of 8")
                .contains("SUSPECT");
        assertThat(report).contains("FAILED");
    }

    @Test
    void aGoodCandidateFiresOnlyOnFailuresAndNamesTheVerdictItChanges() {
        String good = section("curl.could-not-resolve-host");
        assertThat(good)
                .contains("(new)")
                .contains(
                        "hits in failed builds:      1   e.g. 53c9cd93-5b1b-432c-abb9-7f38c4bd50e3")
                .contains("hits in successful builds:  0 of 8")
                .doesNotContain("SUSPECT")
                .contains("verdicts that would change: 1")
                .contains(
                        "53c9cd93-5b1b-432c-abb9-7f38c4bd50e3: network.dns-failure"
                                + " (tool_installation, platform) -> curl.could-not-resolve-host"
                                + " (tool_installation, platform)");
    }

    @Test
    void unchangedSignaturesAreNotReported() {
        assertThat(report).doesNotContain("\nnpm.e404 (").doesNotContain("(changed)");
        assertThat(report).contains("over ").contains("43 builds");
    }

    /** The report's lines about one signature. */
    private static String section(String id) {
        int start = report.indexOf("\n" + id + " (");
        assertThat(start).as("section for %s in%n%s", id, report).isNotNegative();
        int end = report.indexOf("\n\n", start + 1);
        return report.substring(start, end < 0 ? report.length() : end);
    }
}
