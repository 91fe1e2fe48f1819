package dev.faultline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line: usage errors, broken catalogs and broken ranker models fail fast with a clear
 * message and exit code 2.
 */
class FaultlineCliTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldErr;
    private PrintStream oldOut;

    @TempDir Path dir;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
        System.setOut(oldOut);
    }

    @Test
    void brokenCatalogFailsAtStartUpNamingTheSignatureAndTheReason() throws Exception {
        Path catalog = dir.resolve("broken.yaml");
        Files.writeString(
                catalog,
                String.join(
                        "\n",
                        "version: 1",
                        "signatures:",
                        "  - id: my.bad-regex",
                        "    literal: \"error\"",
                        "    regex: 'error (unclosed'",
                        "    fault: user",
                        "    severity: error",
                        "    summary: broken"));
        int code =
                FaultlineCli.run(
                        new String[] {
                            "backfill",
                            "--archive",
                            dir.toString(),
                            "--signatures",
                            catalog.toString(),
                            "--out",
                            dir.resolve("o").toString()
                        });
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("signature catalog error")
                .contains("my.bad-regex")
                .contains("regex does not compile");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void missingCatalogFileIsAClearError() {
        int code =
                FaultlineCli.run(
                        new String[] {
                            "check-signatures", "--signatures", dir.resolve("nope.yaml").toString()
                        });
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot read catalog")
                .contains("nope.yaml");
    }

    @Test
    void generateWithoutItsTemplatesSaysWhereItLooked() {
        int code =
                FaultlineCli.run(
                        new String[] {
                            "generate",
                            "--builds",
                            "1",
                            "--out",
                            dir.resolve("g").toString(),
                            "--templates",
                            dir.resolve("nowhere").toString()
                        });
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("nowhere/sample-archive")
                .contains("--templates");
        assertThat(dir.resolve("g")).doesNotExist();
    }

    @Test
    void defaultCatalogPassesItsOwnExamples() {
        int code = FaultlineCli.run(new String[] {"check-signatures"});
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("signatures")
                .contains("all examples pass")
                .doesNotContain("no advice");
    }

    @Test
    void aMalformedAdviceOrRetryIsACatalogErrorNotACrash() throws Exception {
        Path bad = dir.resolve("bad-advice.yaml");
        Files.writeString(
                bad,
                "version: 1\nsignatures:\n  - id: my.thing\n    literal: thing broke\n"
                        + "    fault: user\n    severity: error\n    summary: broke\n"
                        + "    retry: sometimes\n");
        int code =
                FaultlineCli.run(new String[] {"check-signatures", "--signatures", bad.toString()});
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("signature catalog error")
                .contains("my.thing: retry must be true or false, not 'sometimes'");
    }

    @Test
    void aUserCatalogWithoutAdviceLoadsAndSaysSo() throws Exception {
        Path mine = dir.resolve("no-advice.yaml");
        Files.writeString(
                mine,
                "version: 1\nsignatures:\n  - id: my.thing\n    literal: thing broke\n"
                        + "    fault: user\n    severity: error\n    summary: broke\n");
        int code =
                FaultlineCli.run(
                        new String[] {"check-signatures", "--signatures", mine.toString()});
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("1 signatures and sequences have no advice");
    }

    @Test
    void shadowFlagsNeedAnArchive() {
        int code =
                FaultlineCli.run(new String[] {"check-signatures", "--max-success-share", "0.05"});
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("need --against ARCHIVE");
        int noCandidate =
                FaultlineCli.run(new String[] {"check-signatures", "--against", dir.toString()});
        assertThat(noCandidate).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs --signatures NEW.yaml");
    }

    @Test
    void unknownCommandsAndFlagsAreUsageErrors() {
        assertThat(FaultlineCli.run(new String[] {"frobnicate"})).isEqualTo(2);
        assertThat(FaultlineCli.run(new String[] {"backfill", "--archiv", "x"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown flag --archiv")
                .contains("usage:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing     |                                                                              | cannot read ranker model",
                "truncated   | {\"format\": \"faultline-line-ranker\", \"version\": 1, \"weights\": {\"1\": 0.5 | bad or cut-off JSON",
                "empty       |                                                                              | not a ranker model",
                "other-kind  | {\"format\": \"tensorflow\", \"version\": 1}                                    | format is not faultline-line-ranker",
                "other-set   | {\"format\": \"faultline-line-ranker\", \"version\": 1, \"featureSet\": 99, \"hashBits\": 18, \"weights\": {\"1\": 1} } | made for feature set 99",
                "bad-weight  | {\"format\": \"faultline-line-ranker\", \"version\": 1, \"featureSet\": 1, \"hashBits\": 18, \"weights\": {\"1\": \"x\"} } | not a finite number",
            })
    void aBadRankerModelFailsAtStartUpNamingTheFile(String name, String content, String reason)
            throws Exception {
        Path model = dir.resolve(name + ".json");
        if (!"missing".equals(name)) {
            Files.writeString(model, content == null ? "" : content);
        }
        for (String command : new String[] {"backfill", "detect"}) {
            err.reset();
            String[] args =
                    command.equals("backfill")
                            ? new String[] {
                                "backfill",
                                "--archive",
                                dir.toString(),
                                "--ranker",
                                model.toString(),
                                "--out",
                                dir.resolve("o").toString()
                            }
                            : new String[] {
                                "detect",
                                "--bootstrap-servers",
                                "127.0.0.1:1",
                                "--ranker",
                                model.toString()
                            };
            assertThat(FaultlineCli.run(args)).as(command).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as(command)
                    .contains("ranker model error")
                    .contains(model.toString())
                    .contains(reason.strip());
        }
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aMissingKafkaPropertiesFileIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("client.properties");
        int code =
                FaultlineCli.run(
                        new String[] {
                            "detect",
                            "--bootstrap-servers",
                            "127.0.0.1:1",
                            "--kafka-properties",
                            missing.toString(),
                            "--pagerduty-routing-key",
                            "R0UT1NGKEY0123456789abcdefABCDEF"
                        });
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--kafka-properties: no such file " + missing)
                .doesNotContain("R0UT1NGKEY0123456789abcdefABCDEF");
    }

    @Test
    void missingArchiveIsAUsageError() {
        int code =
                FaultlineCli.run(
                        new String[] {"backfill", "--archive", dir.resolve("absent").toString()});
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a directory");
    }
}
