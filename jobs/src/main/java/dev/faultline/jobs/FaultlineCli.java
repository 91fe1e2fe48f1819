package dev.faultline.jobs;

import dev.faultline.connectors.alert.AlertReceiverOptions;
import dev.faultline.connectors.archive.ArchiveLimits;
import dev.faultline.connectors.kafka.KafkaClientProperties;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.backfill.BackfillJob;
import dev.faultline.jobs.backfill.SignatureShadowRun;
import dev.faultline.jobs.streaming.DetectJob;
import dev.faultline.operators.GraphOptions;
import dev.faultline.operators.alert.AlertRuleOptions;
import dev.faultline.operators.catalog.CatalogException;
import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.RuleKind;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.rank.LineRanker;
import dev.faultline.operators.rank.RankerException;
import dev.faultline.tools.generate.ArchiveGenerator;
import dev.faultline.tools.generate.Burst;
import dev.faultline.tools.generate.GenerateOptions;
import dev.faultline.tools.grep.GrepPatterns;
import dev.faultline.tools.logchunks.Backfill;
import dev.faultline.tools.logchunks.EvaluationOptions;
import dev.faultline.tools.logchunks.LogChunksEvaluation;
import dev.faultline.tools.logchunks.RankerTraining;
import dev.faultline.tools.replay.ArchiveReplay;
import dev.faultline.tools.replay.ReplayOptions;
import dev.faultline.tools.report.ReportOptions;
import dev.faultline.tools.report.VerdictReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * {@code java -jar faultline.jar <command> [--flag value ...]}; the same main class under {@code
 * flink run}.
 */
public final class FaultlineCli {
    static final String USAGE =
            String.join(
                    "\n",
                    "usage: faultline <command> [flags]",
                    "",
                    "commands:",
                    "  backfill [--archive DIR] [--out DIR] [--signatures FILE] [--ranker FILE] [--parallelism N] [ALERT FLAGS]",
                    "           [--allow-paging false] [--max-file-bytes 1gb] [--max-file-lines 10000000]",
                    "      replay an archive of build logs (<buildId>.log[.gz], *.events.jsonl) and write",
                    "      verdicts.jsonl, dead-letters.jsonl, alerts.jsonl, summary.json, summary.txt, report.html to --out;",
                    "      never pages unless --allow-paging true; reads at most --max-file-bytes (after",
                    "      decompression) and --max-file-lines of each file, the rest is a dead letter",
                    "      (defaults: --archive testdata/sample-archive --out out/backfill --parallelism 2)",
                    "  detect --bootstrap-servers HOST:PORT [--logs-topic T] [--events-topic T]",
                    "         [--verdicts-topic T] [--dead-letters-topic T] [--group-id G] [--checkpoint-interval 1s]",
                    "         [--checkpoint-interval-during-backlog 15s] [--backlog-threshold 100000]",
                    "         [--checkpoint-dir URI] [--from-savepoint PATH] [--inactivity-timeout 25min]",
                    "         [--event-settle 30s] [--out-of-orderness 200ms] [--idleness 30s] [--parallelism N]",
                    "         [--max-timestamp-skew 1d] [--end-line-confirmation 300ms]",
                    "         [--line-order LOG|EVENT_TIME] [--signatures FILE] [--ranker FILE] [--transactional-id-prefix P]",
                    "         [--alerts-topic build-alerts] [KAFKA CLIENT FLAGS] [ALERT FLAGS]",
                    "      live detection from Kafka, exactly once, until cancelled",
                    "  replay --bootstrap-servers HOST:PORT [--archive DIR] [--rate RECORDS_PER_S]",
                    "         [--stagger 2s] [--logs-topic T] [--events-topic T] [--build-id-prefix P]",
                    "         [--start now|now-3h|ISO-8601] [--end-tick 26min] [--realtime true] [KAFKA CLIENT FLAGS]",
                    "      produce an archive into build-logs/build-events as a live platform would:",
                    "      timestamps moved to now, builds interleaved in time order (--stagger 0: keep the",
                    "      archive's own spacing, e.g. a staged burst, with its first build at --start)",
                    "  generate --builds N --out DIR [--seed S] [--failure-rate F] [--gzip true] [--templates testdata]",
                    "           [--lines-per-build N] [--events false]",
                    "           [--burst N [--burst-signature git.could-not-resolve-host] [--burst-at 0.5] [--burst-span 4min]]",
                    "      write a realistic archive of N builds (DIR/archive) made from the sample archive's",
                    "      real builds, and the verdicts they must get (DIR/expected-verdicts.jsonl)",
                    "  export-grep-patterns [--signatures FILE] [--out FILE]",
                    "      the catalog's line rules as grep -E patterns (the benchmark's floor)",
                    "  evaluate-logchunks --dataset DIR [--folds K [--without GROUPS]] [--out DIR] [--signatures FILE] [--ranker FILE]",
                    "           [--parallelism N]",
                    "      backfill a LogChunks-style dataset and score evidence against its labels; with --folds K,",
                    "      cross-validate the line ranker by repository (each fold ranked by a model trained on the others);",
                    "      --without catalog,error-words,position,layout,shape,words leaves feature groups out (an ablation)",
                    "  train-ranker --dataset DIR --out MODEL [--work DIR] [--signatures FILE] [--parallelism N]",
                    "      train the line ranker on a LogChunks-style dataset (lc-*.log.gz + labels.jsonl)",
                    "  ALERT FLAGS (detect, backfill): [--alert-window 5min] [--alert-slide 1min]",
                    "         [--alert-quiet-period 10min] [--alert-threshold 10:0.01] [--alert-stage-threshold 15:0.02]",
                    "         [--alert-category-thresholds internal=3:0,clone=10:0.01] [--alert-unknown-window 1h]",
                    "         [--alert-unknown-min-builds 3] [--alertmanager-url URL] [--alertmanager-resend 1min]",
                    "         [--pagerduty-routing-key KEY | env FAULTLINE_PAGERDUTY_ROUTING_KEY] [--pagerduty-url URL]",
                    "         [--pagerduty-triage false] [--pagerduty-allow-http false] [--alert-delivery-timeout 2min]",
                    "         [--alert-delivery-attempts 6] [--alert-attempt-timeout 10s]",
                    "  KAFKA CLIENT FLAGS (detect, replay): [--kafka-properties FILE] [--kafka-property KEY=VALUE ...]",
                    "         client settings (TLS, SASL: security.protocol, ssl.truststore.location, sasl.mechanism,",
                    "         sasl.jaas.config, ...) for every Kafka client; --kafka-property wins over the file",
                    "  report --verdicts FILE [--alerts FILE] [--out FILE]",
                    "      one self-contained HTML page (charts, top signatures, unknown failures, alert timeline)",
                    "      about verdicts gathered elsewhere, e.g. read from the build-verdicts topic",
                    "      (defaults: alerts.jsonl beside the verdicts if there is one; --out report.html beside them)",
                    "  check-signatures [--signatures FILE]",
                    "      load and self-test a signature catalog, print what it holds",
                    "  check-signatures --signatures NEW.yaml --against ARCHIVE [--baseline-signatures FILE]",
                    "           [--max-success-share 0.01] [--parallelism N]",
                    "      shadow-test a catalog: backfill ARCHIVE with the current catalog (default, or",
                    "      --baseline-signatures) and with NEW.yaml, and print per new or changed signature its",
                    "      hits in failed and in successful builds and the verdicts it would change; exit code 1",
                    "      when one fires on more than --max-success-share of the successful builds",
                    "");

    private FaultlineCli() {}

    public static void main(String[] args) {
        int code = run(args);
        if (insideFlinkClient()) {
            // Submitted through the REST API (web UI, deploy/local/submit.sh) or in application
            // mode, main() runs inside the JobManager: System.exit would take the JobManager down.
            if (code != 0) {
                throw new IllegalStateException(failureMessage(args, code));
            }
            return;
        }
        System.exit(code);
    }

    /**
     * What {@code main} throws inside a Flink client when the command failed: the command line,
     * secret values masked (the exception ends up in the JobManager's log and the REST API's
     * answer).
     */
    static String failureMessage(String[] args, int code) {
        return "faultline " + SecretArgs.join(args) + " failed with exit code " + code;
    }

    /**
     * True when a Flink client or cluster set the execution context (anything but a plain {@code
     * java -jar}).
     */
    static boolean insideFlinkClient() {
        return !(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment()
                instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment);
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> flags = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "backfill":
                    return backfill(flags);
                case "detect":
                    return detect(flags);
                case "replay":
                    return replay(flags);
                case "generate":
                    return generate(flags);
                case "export-grep-patterns":
                    return exportGrepPatterns(flags);
                case "evaluate-logchunks":
                    return evaluate(flags);
                case "train-ranker":
                    return trainRanker(flags);
                case "report":
                    return report(flags);
                case "check-signatures":
                    return checkSignatures(flags);
                default:
                    System.err.println("unknown command '" + args[0] + "'\n");
                    System.err.print(USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("faultline: " + e.getMessage() + "\n");
            System.err.print(USAGE);
            return 2;
        } catch (CatalogException e) {
            System.err.println("faultline: signature catalog error: " + e.getMessage());
            return 2;
        } catch (RankerException e) {
            System.err.println("faultline: ranker model error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("faultline: job failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The alert rules' and receivers' flags, which both jobs accept. */
    public static final Set<ConfigOption<?>> ALERT_OPTIONS =
            union(AlertRuleOptions.ALL, AlertReceiverOptions.ALL);

    static final Set<ConfigOption<?>> BACKFILL_OPTIONS =
            union(
                    Set.of(
                            FaultlineOptions.ARCHIVE,
                            FaultlineOptions.OUT,
                            FaultlineOptions.SIGNATURES,
                            FaultlineOptions.RANKER,
                            FaultlineOptions.PARALLELISM,
                            FaultlineOptions.ALLOW_PAGING,
                            ArchiveLimits.MAX_FILE_BYTES,
                            ArchiveLimits.MAX_FILE_LINES),
                    FaultlineCli.ALERT_OPTIONS);

    private static Set<ConfigOption<?>> union(Set<ConfigOption<?>> a, Set<ConfigOption<?>> b) {
        Set<ConfigOption<?>> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static int backfill(List<String> flags) throws Exception {
        Configuration conf = CliArgs.parse(flags, BACKFILL_OPTIONS);
        String archive = conf.get(FaultlineOptions.ARCHIVE);
        SignatureCatalog catalog = loadCatalog(conf);
        LineRanker ranker = loadRanker(conf);
        AlertRuleOptions.rules(conf);
        BackfillJob.run(
                archive,
                Path.of(conf.get(FaultlineOptions.OUT)),
                catalog,
                ranker,
                conf.get(FaultlineOptions.PARALLELISM),
                new Configuration(),
                GraphOptions.backfill(),
                conf);
        return 0;
    }

    /**
     * Every flag {@code detect} accepts (also what deploy/k8s/ must pass, see K8sManifestsTest).
     */
    public static final Set<ConfigOption<?>> DETECT_OPTIONS =
            union(
                    union(Set.of(KafkaOptions.ALERTS_TOPIC), FaultlineCli.ALERT_OPTIONS),
                    Set.of(
                            KafkaOptions.BOOTSTRAP_SERVERS,
                            KafkaOptions.KAFKA_PROPERTIES,
                            KafkaOptions.KAFKA_PROPERTY,
                            KafkaOptions.LOGS_TOPIC,
                            KafkaOptions.EVENTS_TOPIC,
                            KafkaOptions.VERDICTS_TOPIC,
                            KafkaOptions.DEAD_LETTERS_TOPIC,
                            KafkaOptions.GROUP_ID,
                            KafkaOptions.TRANSACTIONAL_ID_PREFIX,
                            FaultlineOptions.CHECKPOINT_INTERVAL,
                            FaultlineOptions.CHECKPOINT_INTERVAL_DURING_BACKLOG,
                            FaultlineOptions.BACKLOG_THRESHOLD,
                            FaultlineOptions.CHECKPOINT_DIR,
                            FaultlineOptions.FROM_SAVEPOINT,
                            FaultlineOptions.INACTIVITY_TIMEOUT,
                            FaultlineOptions.EVENT_SETTLE,
                            FaultlineOptions.OUT_OF_ORDERNESS,
                            FaultlineOptions.LINE_ORDER,
                            FaultlineOptions.IDLENESS,
                            FaultlineOptions.MAX_TIMESTAMP_SKEW,
                            FaultlineOptions.END_LINE_CONFIRMATION,
                            FaultlineOptions.PARALLELISM,
                            FaultlineOptions.SIGNATURES,
                            FaultlineOptions.RANKER));

    private static int detect(List<String> flags) throws Exception {
        Configuration conf = CliArgs.parse(flags, DETECT_OPTIONS);
        if (conf.getOptional(KafkaOptions.BOOTSTRAP_SERVERS).isEmpty()) {
            throw new IllegalArgumentException("detect needs --bootstrap-servers HOST:PORT");
        }
        KafkaClientProperties.user(conf); // a missing properties file fails here, with exit code 2
        loadRanker(conf); // a bad model fails here, with exit code 2, not inside the job
        if (!insideFlinkClient() && conf.getOptional(FaultlineOptions.CHECKPOINT_DIR).isEmpty()) {
            // The embedded cluster has no configuration of its own: checkpoints go to a directory
            // here, never to the JobManager's memory, whose 5 MB cap a backlog outgrows. On a
            // cluster its own execution.checkpointing.dir applies (and the job fails at start
            // without one).
            Path dir = Path.of(DetectJob.EMBEDDED_CHECKPOINT_DIR).toAbsolutePath();
            conf.set(FaultlineOptions.CHECKPOINT_DIR, dir.toUri().toString());
            System.err.println(
                    "faultline: checkpoints go to " + dir + " (--checkpoint-dir to change)");
        }
        DetectJob.run(conf, loadCatalog(conf));
        return 0;
    }

    static final Set<ConfigOption<?>> REPLAY_OPTIONS =
            Set.of(
                    KafkaOptions.BOOTSTRAP_SERVERS,
                    KafkaOptions.KAFKA_PROPERTIES,
                    KafkaOptions.KAFKA_PROPERTY,
                    FaultlineOptions.ARCHIVE,
                    ReplayOptions.RATE,
                    ReplayOptions.STAGGER,
                    KafkaOptions.LOGS_TOPIC,
                    KafkaOptions.EVENTS_TOPIC,
                    ReplayOptions.BUILD_ID_PREFIX,
                    ReplayOptions.START,
                    ReplayOptions.END_TICK,
                    ReplayOptions.REALTIME);

    private static int replay(List<String> flags) throws Exception {
        Configuration conf = CliArgs.parse(flags, REPLAY_OPTIONS);
        if (conf.getOptional(KafkaOptions.BOOTSTRAP_SERVERS).isEmpty()) {
            throw new IllegalArgumentException("replay needs --bootstrap-servers HOST:PORT");
        }
        // read before the archive is planned, so a missing properties file fails at once
        java.util.Properties client = KafkaClientProperties.client(conf);
        Path archive = Path.of(conf.get(FaultlineOptions.ARCHIVE));
        if (!Files.isDirectory(archive)) {
            throw new IllegalArgumentException("archive " + archive + " is not a directory");
        }
        ArchiveReplay.Stats stats = new ArchiveReplay.Stats();
        String prefix = conf.get(ReplayOptions.BUILD_ID_PREFIX);
        List<ArchiveReplay.Timed> plan =
                ArchiveReplay.plan(
                        archive,
                        replayStart(conf.get(ReplayOptions.START)),
                        conf.get(ReplayOptions.STAGGER),
                        stats,
                        conf.get(KafkaOptions.LOGS_TOPIC),
                        conf.get(KafkaOptions.EVENTS_TOPIC),
                        prefix);
        java.time.Duration tick = conf.get(ReplayOptions.END_TICK);
        if (!tick.isZero()) {
            plan.add(
                    ArchiveReplay.endTick(
                            plan, tick, prefix + "end-tick", conf.get(KafkaOptions.LOGS_TOPIC)));
        }
        ArchiveReplay.send(
                client,
                plan,
                conf.get(ReplayOptions.RATE),
                conf.get(ReplayOptions.REALTIME),
                stats);
        System.out.printf(
                "replayed %d builds: %d lines, %d events in %.1f s%n",
                stats.builds, stats.lines, stats.events, stats.seconds);
        stats.problems.forEach(p -> System.err.println("skipped: " + p));
        return 0;
    }

    /** {@code now}, {@code now-3h} / {@code now+10min} (Flink durations) or an ISO-8601 instant. */
    static java.time.Instant replayStart(String value) {
        java.time.Instant now = java.time.Instant.now();
        String v = value.trim();
        try {
            if (v.equals("now")) {
                return now;
            }
            if (v.startsWith("now-")) {
                return now.minus(org.apache.flink.util.TimeUtils.parseDuration(v.substring(4)));
            }
            if (v.startsWith("now+")) {
                return now.plus(org.apache.flink.util.TimeUtils.parseDuration(v.substring(4)));
            }
            return java.time.Instant.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--start must be now, now-DURATION, now+DURATION or an ISO-8601 instant, not '"
                            + value
                            + "'");
        }
    }

    private static int generate(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(
                        flags,
                        Set.of(
                                GenerateOptions.BUILDS,
                                FaultlineOptions.OUT,
                                GenerateOptions.SEED,
                                GenerateOptions.FAILURE_RATE,
                                GenerateOptions.GZIP,
                                GenerateOptions.TEMPLATES,
                                GenerateOptions.LINES_PER_BUILD,
                                GenerateOptions.EVENTS,
                                FaultlineOptions.SIGNATURES,
                                Burst.COUNT,
                                Burst.SIGNATURE,
                                Burst.AT,
                                Burst.SPAN));
        if (conf.getOptional(FaultlineOptions.OUT).isEmpty()) {
            throw new IllegalArgumentException("generate needs --out DIR");
        }
        Path templates = Path.of(conf.get(GenerateOptions.TEMPLATES));
        if (!Files.isDirectory(templates.resolve("sample-archive"))
                || !Files.isRegularFile(
                        templates.resolve("golden/sample-archive-verdicts.jsonl"))) {
            // The default is relative: run from elsewhere, it names nothing.
            throw new IllegalArgumentException(
                    "generate reads its templates from "
                            + templates.toAbsolutePath()
                            + "/sample-archive and golden/sample-archive-verdicts.jsonl, which are not"
                            + " there: run it from the repository root or pass --templates"
                            + " <repository>/testdata");
        }
        ArchiveGenerator generator =
                ArchiveGenerator.fromSamples(
                        templates.resolve("sample-archive"),
                        templates.resolve("golden/sample-archive-verdicts.jsonl"),
                        loadCatalog(conf));
        ArchiveGenerator.Result r =
                generator.generate(
                        Path.of(conf.get(FaultlineOptions.OUT)),
                        conf.get(GenerateOptions.BUILDS),
                        conf.get(GenerateOptions.SEED),
                        conf.get(GenerateOptions.FAILURE_RATE),
                        conf.get(GenerateOptions.GZIP),
                        Burst.of(conf),
                        GenerateOptions.shape(conf));
        System.out.printf(
                "generated %d builds (%d failing), %d lines, %.1f MB in %.1f s: %s%n",
                r.builds,
                r.failures,
                r.lines.get(),
                r.bytes.get() / 1e6,
                r.seconds,
                Path.of(conf.get(FaultlineOptions.OUT)).resolve("archive"));
        return 0;
    }

    private static int exportGrepPatterns(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(flags, Set.of(FaultlineOptions.SIGNATURES, FaultlineOptions.OUT));
        List<String> patterns = GrepPatterns.of(loadCatalog(conf));
        String text = String.join("\n", patterns) + "\n";
        if (conf.getOptional(FaultlineOptions.OUT).isPresent()) {
            Files.writeString(Path.of(conf.get(FaultlineOptions.OUT)), text);
        } else {
            System.out.print(text);
        }
        return 0;
    }

    private static int evaluate(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(
                        flags,
                        Set.of(
                                EvaluationOptions.DATASET,
                                FaultlineOptions.OUT,
                                FaultlineOptions.SIGNATURES,
                                FaultlineOptions.RANKER,
                                FaultlineOptions.PARALLELISM,
                                EvaluationOptions.FOLDS,
                                EvaluationOptions.WITHOUT));
        Path dataset = dataset(conf, "evaluate-logchunks");
        Path out = Path.of(conf.getOptional(FaultlineOptions.OUT).orElse("out/logchunks"));
        int folds = conf.get(EvaluationOptions.FOLDS);
        String table;
        if (folds > 0) {
            if (conf.getOptional(FaultlineOptions.RANKER).isPresent()) {
                throw new IllegalArgumentException(
                        "--folds trains its own models; leave out --ranker");
            }
            table =
                    RankerTraining.crossValidate(
                                    dataset,
                                    out,
                                    folds,
                                    featureGroups(conf.get(EvaluationOptions.WITHOUT)),
                                    backfillWith(
                                            loadCatalog(conf),
                                            conf.get(FaultlineOptions.PARALLELISM)))
                            .toTable();
        } else {
            backfillWith(loadCatalog(conf), conf.get(FaultlineOptions.PARALLELISM))
                    .run(dataset, out, loadRanker(conf), GraphOptions.backfill());
            table =
                    LogChunksEvaluation.score(
                                    dataset.resolve("labels.jsonl"), out.resolve("verdicts.jsonl"))
                            .toTable();
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("logchunks-score.txt"), table);
        System.out.println();
        System.out.print(table);
        return 0;
    }

    private static int trainRanker(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(
                        flags,
                        Set.of(
                                EvaluationOptions.DATASET,
                                FaultlineOptions.OUT,
                                EvaluationOptions.WORK,
                                FaultlineOptions.SIGNATURES,
                                FaultlineOptions.PARALLELISM));
        Path dataset = dataset(conf, "train-ranker");
        Path model =
                Path.of(
                        conf.getOptional(FaultlineOptions.OUT)
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "train-ranker needs --out MODEL (a JSON file)")));
        Path work = Path.of(conf.getOptional(EvaluationOptions.WORK).orElse("out/train-ranker"));
        LineRanker ranker =
                RankerTraining.train(
                        dataset,
                        work,
                        model,
                        backfillWith(loadCatalog(conf), conf.get(FaultlineOptions.PARALLELISM)));
        System.out.printf("%nwrote %s: %d weights, trained on %s%n", model, ranker.size(), dataset);
        return 0;
    }

    /** {@code catalog,position} → the ranker's feature groups of those names. */
    static java.util.Set<dev.faultline.operators.rank.RankerFeatures.Group> featureGroups(
            String names) {
        java.util.Set<dev.faultline.operators.rank.RankerFeatures.Group> groups =
                java.util.EnumSet.noneOf(dev.faultline.operators.rank.RankerFeatures.Group.class);
        if (names == null || names.isBlank()) {
            return groups;
        }
        for (String n : names.split(",")) {
            try {
                groups.add(
                        dev.faultline.operators.rank.RankerFeatures.Group.valueOf(
                                n.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--without: unknown feature group '"
                                + n.trim()
                                + "' (one of "
                                + java.util.Arrays.toString(
                                                dev.faultline.operators.rank.RankerFeatures.Group
                                                        .values())
                                        .toLowerCase(java.util.Locale.ROOT)
                                + ")");
            }
        }
        return groups;
    }

    /** The backfill job the evaluation and training run on a data set. */
    private static Backfill backfillWith(SignatureCatalog catalog, int parallelism) {
        return (archive, out, ranker, options) ->
                BackfillJob.run(
                        archive.toString(),
                        out,
                        catalog,
                        ranker,
                        parallelism,
                        new Configuration(),
                        options,
                        new Configuration());
    }

    private static Path dataset(Configuration conf, String command) {
        String dataset = conf.get(EvaluationOptions.DATASET);
        if (dataset == null) {
            throw new IllegalArgumentException(command + " needs --dataset DIR");
        }
        Path labels = Path.of(dataset, "labels.jsonl");
        if (!Files.isRegularFile(labels)) {
            throw new IllegalArgumentException(labels + " not found");
        }
        return Path.of(dataset);
    }

    private static int report(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(
                        flags,
                        Set.of(ReportOptions.VERDICTS, ReportOptions.ALERTS, ReportOptions.OUT));
        Path verdicts =
                Path.of(
                        conf.getOptional(ReportOptions.VERDICTS)
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "report needs --verdicts FILE")));
        Path dir = verdicts.toAbsolutePath().getParent();
        Path alerts;
        if (conf.getOptional(ReportOptions.ALERTS).isPresent()) {
            alerts = Path.of(conf.get(ReportOptions.ALERTS));
            if (!Files.isRegularFile(alerts)) {
                throw new IllegalArgumentException("alerts file " + alerts + " not found");
            }
        } else {
            alerts = dir.resolve("alerts.jsonl");
        }
        Path out =
                conf.getOptional(ReportOptions.OUT)
                        .map(Path::of)
                        .orElse(dir.resolve("report.html"));
        System.out.println(VerdictReport.write(verdicts, alerts, out));
        return 0;
    }

    private static int checkSignatures(List<String> flags) throws Exception {
        Configuration conf =
                CliArgs.parse(
                        flags,
                        Set.of(
                                FaultlineOptions.SIGNATURES,
                                FaultlineOptions.AGAINST,
                                FaultlineOptions.BASELINE_SIGNATURES,
                                FaultlineOptions.MAX_SUCCESS_SHARE,
                                FaultlineOptions.PARALLELISM));
        boolean shadow = conf.getOptional(FaultlineOptions.AGAINST).isPresent();
        if (!shadow
                && (conf.getOptional(FaultlineOptions.BASELINE_SIGNATURES).isPresent()
                        || conf.contains(FaultlineOptions.MAX_SUCCESS_SHARE))) {
            throw new IllegalArgumentException(
                    "--baseline-signatures and --max-success-share need --against ARCHIVE");
        }
        SignatureCatalog catalog = loadCatalog(conf);
        if (shadow) {
            if (conf.getOptional(FaultlineOptions.SIGNATURES).isEmpty()) {
                throw new IllegalArgumentException(
                        "check-signatures --against needs --signatures NEW.yaml (the candidate)");
            }
            SignatureShadowRun.Result r =
                    SignatureShadowRun.run(
                            Path.of(conf.get(FaultlineOptions.AGAINST)),
                            Path.of(conf.get(FaultlineOptions.SIGNATURES)),
                            conf.getOptional(FaultlineOptions.BASELINE_SIGNATURES)
                                    .map(Path::of)
                                    .orElse(null),
                            conf.get(FaultlineOptions.MAX_SUCCESS_SHARE),
                            conf.get(FaultlineOptions.PARALLELISM));
            System.out.print(r.report);
            return r.passed ? 0 : 1;
        }
        System.out.printf(
                "%s: %d markers, %d signatures, %d sequences, all examples pass%n",
                catalog.source(),
                catalog.count(RuleKind.MARKER),
                catalog.count(RuleKind.SIGNATURE),
                catalog.sequences().size());
        long withoutAdvice =
                catalog.rules().stream()
                                .filter(r -> r.kind == RuleKind.SIGNATURE)
                                .filter(r -> r.remedy.advice == null)
                                .count()
                        + catalog.sequences().stream().filter(q -> q.remedy.advice == null).count();
        if (withoutAdvice > 0) {
            System.out.printf(
                    "%d signatures and sequences have no advice: their verdicts will not say what to do%n",
                    withoutAdvice);
        }
        return 0;
    }

    private static LineRanker loadRanker(Configuration conf) {
        return LineRanker.load(
                conf.getOptional(FaultlineOptions.RANKER).map(Path::of).orElse(null));
    }

    private static SignatureCatalog loadCatalog(Configuration conf) {
        return CatalogLoader.load(
                conf.getOptional(FaultlineOptions.SIGNATURES).map(Path::of).orElse(null));
    }
}
