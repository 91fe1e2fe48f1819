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

/** {@code faultline report}: its defaults beside the verdicts, and its usage errors. */
class ReportCommandTest {
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
    void writesReportHtmlBesideTheVerdictsWithTheAlertsBesideThem() throws Exception {
        Path verdicts = dir.resolve("verdicts.jsonl");
        Files.copy(Path.of("..", "testdata", "golden", "sample-archive-verdicts.jsonl"), verdicts);
        Files.writeString(
                dir.resolve("alerts.jsonl"),
                "{\"dedupKey\":\"k\",\"status\":\"firing\",\"revision\":1,\"startsAt\":\"2025-06-01T00:00:00Z\"}\n");

        int code = FaultlineCli.run(new String[] {"report", "--verdicts", verdicts.toString()});

        assertThat(code).isZero();
        assertThat(dir.resolve("report.html")).isRegularFile();
        long builds = Files.lines(verdicts).filter(l -> !l.isBlank()).count();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("report.html")
                .contains(builds + " builds")
                .contains("1 alert incidents");
    }

    @Test
    void theVerdictsFileIsRequiredAndAnAlertsFileGivenMustExist() throws Exception {
        assertThat(FaultlineCli.run(new String[] {"report"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("report needs --verdicts FILE");

        Path verdicts = Files.writeString(dir.resolve("v.jsonl"), "");
        int code =
                FaultlineCli.run(
                        new String[] {
                            "report",
                            "--verdicts",
                            verdicts.toString(),
                            "--alerts",
                            dir.resolve("missing.jsonl").toString()
                        });
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.jsonl not found");

        assertThat(
                        FaultlineCli.run(
                                new String[] {
                                    "report", "--verdicts", dir.resolve("none.jsonl").toString()
                                }))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("none.jsonl not found");
    }
}
