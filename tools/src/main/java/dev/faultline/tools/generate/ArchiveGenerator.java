package dev.faultline.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.connectors.archive.ArchiveFiles;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import dev.faultline.operators.tagging.LineTagger;
import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates a realistic archive of N builds from the sample archive's real builds: each generated
 * build is a real build's log (git, npm, pnpm, tsc, wrangler, node output as captured) with a new
 * ID and time, and build output lines (taken from real successful builds, and checked to carry no
 * signature or error word) inserted into its build step to give realistic lengths: most builds
 * 20-300 lines, about 1 in 1,000 over 10,000. Deterministic for a seed; builds are generated in
 * parallel.
 *
 * <p>Because the generator knows which real build each one copies, it writes the verdict each build
 * must get ({@code expected-verdicts.jsonl}), with the cause line moved by the inserted output.
 */
public final class ArchiveGenerator {
    private static final long EPOCH = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final String BUILD_STEP = "Executing user build command";

    /** A build starts every 7 s or so: 500 builds an hour. */
    private static final long SPACING_MS = 7_000L;

    /** What a generation produced. */
    public static final class Result {
        public final AtomicLong lines = new AtomicLong();
        public final AtomicLong bytes = new AtomicLong();
        public int builds;
        public int failures;
        public double seconds;
    }

    private final List<BuildTemplate> successes = new ArrayList<>();
    private final List<BuildTemplate> failures = new ArrayList<>();
    private final String[] filler;

    private ArchiveGenerator(List<BuildTemplate> templates, String[] filler) {
        for (BuildTemplate t : templates) {
            (t.failure ? failures : successes).add(t);
        }
        this.filler = filler;
    }

    /**
     * Reads templates from a sample archive and its golden verdicts; filler lines are the build
     * output of its successful builds that the catalog finds nothing on.
     */
    public static ArchiveGenerator fromSamples(
            Path archive, Path goldenVerdicts, SignatureCatalog catalog) throws IOException {
        Map<String, JsonNode> golden = new HashMap<>();
        for (String line : Files.readAllLines(goldenVerdicts)) {
            if (!line.isBlank()) {
                JsonNode v = Json.mapper().readTree(line);
                golden.put(v.get("buildId").asText(), v);
            }
        }
        Map<String, List<BuildEvent>> events = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path f : ArchiveFiles.eventFiles(archive)) {
            for (BuildEvent e : ArchiveFiles.readEvents(f, problems)) {
                events.computeIfAbsent(e.buildId(), k -> new ArrayList<>()).add(e);
            }
        }
        LineTagger tagger = new LineTagger(catalog);
        List<BuildTemplate> templates = new ArrayList<>();
        Set<String> filler = new LinkedHashSet<>();
        for (Path file : ArchiveFiles.logs(archive)) {
            String id = ArchiveFiles.buildId(file);
            JsonNode verdict = golden.get(id);
            if (verdict == null) {
                continue;
            }
            List<LogLine> lines = ArchiveFiles.readLog(file);
            String[] texts = new String[lines.size()];
            long[] offsets = new long[lines.size()];
            long first = Long.MIN_VALUE;
            int buildStep = -1;
            for (int i = 0; i < texts.length; i++) {
                LogLine l = lines.get(i);
                texts[i] = l.text;
                long t =
                        l.timestamp == null
                                ? Long.MIN_VALUE
                                : Instant.parse(l.timestamp).toEpochMilli();
                first = first == Long.MIN_VALUE ? t : first;
                offsets[i] = t == Long.MIN_VALUE ? -1 : t - first;
                if (buildStep < 0 && l.text.startsWith(BUILD_STEP)) {
                    buildStep = i;
                }
            }
            long causeLine = verdict.path("evidence").path(0).path("line").asLong(Long.MAX_VALUE);
            int fillerAfter = buildStep >= 0 && causeLine > buildStep + 1 ? buildStep : -1;
            List<BuildEvent> buildEvents = events.getOrDefault(id, List.of());
            long origin = first != Long.MIN_VALUE ? first : eventOrigin(buildEvents);
            templates.add(
                    new BuildTemplate(
                            id, texts, offsets, origin, buildEvents, verdict, fillerAfter));
            if ("success".equals(verdict.get("outcome").asText()) && buildStep >= 0) {
                for (int i = buildStep + 1;
                        i < texts.length && !texts[i].startsWith("Success: Build command");
                        i++) {
                    TaggedLine t = tagger.tag(new LogLine("x", 1, null, texts[i]));
                    if (!t.isInteresting() && !texts[i].isBlank()) {
                        filler.add(texts[i]);
                    }
                }
            }
        }
        if (templates.isEmpty() || filler.isEmpty()) {
            throw new IllegalArgumentException("no usable templates in " + archive);
        }
        return new ArchiveGenerator(templates, filler.toArray(new String[0]));
    }

    /**
     * Writes {@code builds} builds to {@code out/archive} (256 sub-directories, events in {@code
     * out/archive/events-N.events.jsonl}) and their expected verdicts to {@code
     * out/expected-verdicts.jsonl}.
     */
    public Result generate(Path out, int builds, long seed, double failureRate, boolean gzip)
            throws IOException {
        return generate(out, builds, seed, failureRate, gzip, Burst.NONE);
    }

    /** As above, with {@code burst} builds failing together (see {@link Burst}). */
    public Result generate(
            Path out, int builds, long seed, double failureRate, boolean gzip, Burst burst)
            throws IOException {
        return generate(out, builds, seed, failureRate, gzip, burst, Shape.DEFAULT);
    }

    /**
     * How long the generated builds are, and whether their build events are written: by default
     * most builds get 0-80 lines of inserted output (some far more) and every template's events; a
     * short shape gives each build about {@code linesPerBuild} lines in all.
     */
    public static final class Shape {
        public static final Shape DEFAULT = new Shape(0, Events.WRITTEN);

        /** Whether the templates' build events go into the archive. */
        public enum Events {
            WRITTEN,
            LEFT_OUT
        }

        final int linesPerBuild;
        final Events events;

        public Shape(int linesPerBuild, Events events) {
            if (linesPerBuild < 0) {
                throw new IllegalArgumentException("--lines-per-build must not be negative");
            }
            this.linesPerBuild = linesPerBuild;
            this.events = events;
        }
    }

    /** As above, with builds of the given {@code shape}. */
    public Result generate(
            Path out,
            int builds,
            long seed,
            double failureRate,
            boolean gzip,
            Burst burst,
            Shape shape)
            throws IOException {
        if (burst.count > builds) {
            throw new IllegalArgumentException(
                    "a burst of " + burst.count + " does not fit in " + builds + " builds");
        }
        BuildTemplate burstTemplate = null;
        if (burst.count > 0) {
            burstTemplate =
                    failures.stream()
                            .filter(
                                    t ->
                                            burst.signature.equals(
                                                    t.verdict.path("signature").asText(null)))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no sample build fails with "
                                                            + burst.signature));
        }
        BuildTemplate burstWith = burstTemplate;
        long start = System.nanoTime();
        Path archive = out.resolve("archive");
        for (int d = 0; d < 256; d++) {
            Files.createDirectories(archive.resolve(String.format("%02x", d)));
        }
        Result result = new Result();
        int chunk = 50_000;
        int chunks = (builds + chunk - 1) / chunk;
        String[] expected = new String[chunks];
        String[] eventLines = new String[chunks];
        int[] failed = new int[chunks];
        IntStream.range(0, chunks)
                .parallel()
                .forEach(
                        c -> {
                            StringBuilder exp = new StringBuilder();
                            StringBuilder ev = new StringBuilder();
                            for (int i = c * chunk; i < Math.min(builds, (c + 1) * chunk); i++) {
                                try {
                                    failed[c] +=
                                            writeBuild(
                                                            archive,
                                                            i,
                                                            builds,
                                                            seed,
                                                            failureRate,
                                                            gzip,
                                                            burst,
                                                            burstWith,
                                                            shape,
                                                            exp,
                                                            ev,
                                                            result)
                                                    ? 1
                                                    : 0;
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                            expected[c] = exp.toString();
                            eventLines[c] = ev.toString();
                        });
        try (Writer w =
                Files.newBufferedWriter(
                        out.resolve("expected-verdicts.jsonl"), StandardCharsets.UTF_8)) {
            for (String s : expected) {
                w.write(s);
            }
        }
        for (int c = 0; c < chunks && shape.events == Shape.Events.WRITTEN; c++) {
            Files.writeString(archive.resolve("events-" + c + ".events.jsonl"), eventLines[c]);
        }
        result.builds = builds;
        for (int f : failed) {
            result.failures += f;
        }
        result.seconds = (System.nanoTime() - start) / 1e9;
        return result;
    }

    /** Writes build {@code i}; returns whether it is a failure. */
    private boolean writeBuild(
            Path archive,
            int i,
            int builds,
            long seed,
            double failureRate,
            boolean gzip,
            Burst burst,
            BuildTemplate burstWith,
            Shape shape,
            StringBuilder expected,
            StringBuilder events,
            Result result)
            throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        boolean failure = rnd.nextDouble() < failureRate;
        List<BuildTemplate> pool = failure ? failures : successes;
        BuildTemplate t = pool.get(rnd.nextInt(pool.size()));
        String id = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        int fill =
                t.fillerAfter < 0
                        ? 0
                        : shape.linesPerBuild > 0
                                ? Math.max(
                                        0,
                                        shape.linesPerBuild - t.texts.length + rnd.nextInt(7) - 3)
                                : fillerCount(rnd);
        long base = EPOCH + i * SPACING_MS + rnd.nextInt(5_000);
        // Burst builds are spread over the archive's IDs, and squeezed into the burst's time span.
        int every = burst.count == 0 ? 0 : builds / burst.count;
        if (every > 0 && i % every == 0 && i / every < burst.count) {
            t = burstWith;
            fill = 0;
            long burstStart = EPOCH + (long) (burst.at * builds * SPACING_MS);
            base = burstStart + (i / every) * burst.span.toMillis() / burst.count;
        }
        long fillStep = 3;

        StringBuilder log = new StringBuilder(64 * (t.texts.length + fill));
        long lines = 0;
        for (int k = 0; k < t.texts.length; k++) {
            long shift = k > t.fillerAfter && t.fillerAfter >= 0 ? fill * fillStep : 0;
            appendLine(log, t.offsets[k] < 0 ? -1 : base + t.offsets[k] + shift, t.texts[k]);
            lines++;
            if (k == t.fillerAfter) {
                long at = base + t.offsets[k];
                int from = rnd.nextInt(filler.length);
                for (int f = 0; f < fill; f++) {
                    appendLine(
                            log,
                            t.offsets[k] < 0 ? -1 : at + (f + 1) * fillStep,
                            filler[(from + f) % filler.length]);
                }
                lines += fill;
            }
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        Path file = archive.resolve(id.substring(0, 2)).resolve(id + (gzip ? ".log.gz" : ".log"));
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                OutputStream o = gzip ? new GZIPOutputStream(os, 64 * 1024) : os) {
            o.write(bytes);
        }
        result.lines.addAndGet(lines);
        result.bytes.addAndGet(bytes.length);

        long shiftEvents = base - t.origin;
        for (BuildEvent e : t.events) {
            BuildEvent copy = Json.mapper().convertValue(e, BuildEvent.class);
            copy.payload.buildUuid = id;
            if (copy.metadata != null) {
                copy.metadata.accountId = accountOf(id);
            }
            copy.shiftTimes(
                    shiftEvents + (BuildEvent.STARTED.equals(copy.type) ? 0 : fill * fillStep));
            events.append(Json.toJson(copy)).append('\n');
        }
        expected.append(Json.toJson(expectedVerdict(t, id, fill))).append('\n');
        return t.failure && !"canceled".equals(t.verdict.get("outcome").asText());
    }

    /**
     * One of 500 accounts, by build ID: the sample archive's builds all share one account, but a
     * platform's builds come from many, and alerts need failures from several accounts.
     */
    static String accountOf(String buildId) {
        return String.format("acct-%03d", Math.floorMod(buildId.hashCode(), 500));
    }

    /** Most builds get 0-80 lines of output, some up to 300 or 1,000, one in 1,000 over 10,000. */
    private static int fillerCount(SplittableRandom rnd) {
        double p = rnd.nextDouble();
        if (p < 0.001) {
            return 10_000 + rnd.nextInt(2_000);
        }
        if (p < 0.03) {
            return 300 + rnd.nextInt(700);
        }
        if (p < 0.20) {
            return 80 + rnd.nextInt(220);
        }
        return rnd.nextInt(80);
    }

    private static long eventOrigin(List<BuildEvent> events) {
        for (BuildEvent e : events) {
            if (e.payload != null && e.payload.createdAt != null) {
                return Instant.parse(e.payload.createdAt).toEpochMilli();
            }
        }
        return EPOCH;
    }

    private static void appendLine(StringBuilder log, long time, String text) {
        if (time >= 0) {
            log.append(Instant.ofEpochMilli(time)).append('\t');
        }
        log.append(text).append('\n');
    }

    /**
     * The template's known verdict with the new ID and the cause line moved past inserted output.
     */
    private static ObjectNode expectedVerdict(BuildTemplate t, String id, int fill) {
        ObjectNode v = Json.mapper().createObjectNode();
        v.put("buildId", id);
        v.put("template", t.id);
        for (String f : new String[] {"outcome", "category", "stage", "fault", "signature"}) {
            v.set(f, t.verdict.get(f));
        }
        JsonNode evidence = t.verdict.path("evidence");
        if (evidence.size() > 0 && t.verdict.hasNonNull("signature")) {
            long line = evidence.get(0).get("line").asLong();
            v.put("causeLine", line > t.fillerAfter + 1 && t.fillerAfter >= 0 ? line + fill : line);
            v.put("evidence", "cause-line");
        } else {
            // No signature names the cause: the evidence is the ranker's pick among the failing
            // step's last lines, which the inserted output changes. A failure must still cite
            // something; a build of unknown outcome cites what its last step shows, which the
            // inserted output may be.
            v.putNull("causeLine");
            String outcome = t.verdict.path("outcome").asText();
            v.put(
                    "evidence",
                    outcome.equals("failure")
                            ? "some"
                            : outcome.equals("unknown") ? "unchecked" : "none");
        }
        v.put("lines", t.texts.length + fill);
        return v;
    }
}
