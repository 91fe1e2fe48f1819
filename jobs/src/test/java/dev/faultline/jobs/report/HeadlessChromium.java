package dev.faultline.jobs.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's chromium, headless, run once per page: {@code --dump-dom} gives the DOM after the page's
 * scripts ran (report.js marks each chart it drew), {@code --enable-logging=stderr} prints every
 * console message and uncaught error as a {@code CONSOLE} line, {@code --screenshot} saves what a
 * person would see.
 */
final class HeadlessChromium {
    /** Virtual time the page gets before the DOM is taken: ECharts draws on animation frames. */
    private static final String VIRTUAL_TIME_MS = "15000";

    private static final long TIMEOUT_SECONDS = 180;

    /** The page after its scripts ran, and what it logged. */
    static final class Page {
        final String dom;
        final List<String> console;

        Page(String dom, List<String> console) {
            this.dom = dom;
            this.console = console;
        }
    }

    private final Path binary;
    private final Path work;

    HeadlessChromium(Path work) {
        this.binary = binary();
        this.work = work;
    }

    /** Fails with how to install it when there is no chromium: this test never skips quietly. */
    static Path binary() {
        String configured = System.getenv("FAULTLINE_CHROMIUM");
        for (String candidate :
                new String[] {configured, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException(
                "no chromium to open report.html in: install Debian's chromium (apt-get install chromium;"
                        + " bin/test does it when run as root) or set FAULTLINE_CHROMIUM to a Chromium binary");
    }

    Page open(Path html) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "dom", ".html");
        Path err = Files.createTempFile(work, "console", ".log");
        run(
                List.of(
                        "--enable-logging=stderr",
                        "--v=0",
                        "--virtual-time-budget=" + VIRTUAL_TIME_MS,
                        "--dump-dom",
                        html.toUri().toString()),
                out,
                err);
        List<String> console =
                Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(":CONSOLE"))
                        .collect(Collectors.toList());
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
    }

    void screenshot(Path html, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(
                List.of(
                        "--hide-scrollbars",
                        "--window-size=" + width + "," + height,
                        "--virtual-time-budget=" + VIRTUAL_TIME_MS,
                        "--screenshot=" + png.toAbsolutePath(),
                        html.toUri().toString()),
                work.resolve("screenshot.out"),
                work.resolve("screenshot.err"));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IllegalStateException(
                    "chromium wrote no screenshot; its log:\n"
                            + Files.readString(work.resolve("screenshot.err")));
        }
    }

    private void run(List<String> args, Path stdout, Path stderr)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--headless");
        // Tests run as root in CI, where chromium refuses to start with its sandbox.
        command.add("--no-sandbox");
        command.add("--disable-gpu");
        // A profile of its own: two runs at once must not share one (and lock it).
        command.add("--user-data-dir=" + Files.createTempDirectory(work, "profile"));
        command.addAll(args);
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "chromium exited with " + p.exitValue() + ":\n" + Files.readString(stderr));
        }
    }
}
