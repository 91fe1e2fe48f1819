package dev.faultline.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line: counts, rate and time left, from counters only. */
class BackfillProgressTest {
    @Test
    void showsFilesOfTotalRateBuildsAndTimeLeft() {
        String line = BackfillProgress.line(250, 1000, 3_000_000, 240, 30.0);
        assertThat(line)
                .isEqualTo(
                        "backfill: 250/1000 files (25%), 3,000,000 lines, 100,000 lines/s,"
                                + " 240 builds decided, ETA 1:30");
    }

    @Test
    void withoutATotalYetItShowsFilesReadAndNoEta() {
        assertThat(BackfillProgress.line(7, -1, 700, 5, 1.0))
                .isEqualTo("backfill: 7 files, 700 lines, 700 lines/s, 5 builds decided");
    }

    @Test
    void whenEverythingIsReadThereIsNoEta() {
        assertThat(BackfillProgress.line(43, 43, 1333, 43, 2.0))
                .doesNotContain("ETA")
                .contains("(100%)");
    }

    @Test
    void withoutATerminalNothingIsStartedOrPrinted() throws Exception {
        // Tests run without a console (output goes to Surefire), like a piped or CI backfill.
        assertThat(System.console()).isNull();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try (AutoCloseable p = BackfillProgress.start(java.nio.file.Path.of("."))) {
            BackfillProgress.verdict();
            Thread.sleep(1100);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("faultline-backfill-progress"));
    }
}
