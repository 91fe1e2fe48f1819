package dev.faultline.tools.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (charts, tables, data) about a verdicts file and, if
 * given, its alerts, made in one streaming pass. Backfill writes it beside {@code summary.json};
 * {@code faultline report} makes it for verdicts gathered elsewhere.
 */
public final class VerdictReport {
    /** What was written, for the caller to print. */
    public static final class Result {
        public final Path file;
        public final long builds;
        public final long badLines;
        public final long alertIncidents;
        public final long bytes;
        public final double seconds;

        Result(
                Path file,
                long builds,
                long badLines,
                long alertIncidents,
                long bytes,
                double seconds) {
            this.file = file;
            this.builds = builds;
            this.badLines = badLines;
            this.alertIncidents = alertIncidents;
            this.bytes = bytes;
            this.seconds = seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "wrote %s: %d builds%s, %d alert incidents, %.2f MB in %.1f s",
                    file,
                    builds,
                    badLines > 0 ? " (" + badLines + " unreadable lines skipped)" : "",
                    alertIncidents,
                    bytes / 1e6,
                    seconds);
        }
    }

    private VerdictReport() {}

    /**
     * Reads {@code verdicts} (and {@code alerts}, if not null and present) and writes the page to
     * {@code out}; a missing verdicts file is an error, an empty or partly corrupt one still
     * renders what could be read.
     */
    public static Result write(Path verdicts, Path alerts, Path out) throws IOException {
        long start = System.nanoTime();
        if (!Files.isRegularFile(verdicts)) {
            throw new IllegalArgumentException("verdicts file " + verdicts + " not found");
        }
        VerdictAggregate v = VerdictAggregate.read(verdicts);
        AlertTimeline a =
                alerts != null && Files.isRegularFile(alerts) ? AlertTimeline.read(alerts) : null;
        Map<String, Object> model =
                ReportModel.of(
                        v,
                        a,
                        verdicts.getFileName().toString(),
                        a == null ? null : alerts.getFileName().toString());
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written beside and moved into place: a reader never opens half a page.
        Path tmp = parent.resolve(out.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ReportPage.write(w, ScriptSafeJson.of(model));
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        return new Result(
                out,
                v.builds,
                v.badLines,
                a == null ? 0 : a.incidents.size(),
                Files.size(out),
                (System.nanoTime() - start) / 1e9);
    }
}
