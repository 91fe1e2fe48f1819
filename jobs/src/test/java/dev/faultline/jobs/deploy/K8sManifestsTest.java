package dev.faultline.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faultline.connectors.kafka.KafkaOptions;
import dev.faultline.jobs.CliArgs;
import dev.faultline.jobs.FaultlineCli;
import dev.faultline.jobs.assembly.FaultlineOptions;
import dev.faultline.jobs.streaming.DetectJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code deploy/k8s/} parse, and agree with the code: the
 * FlinkDeployment's job arguments are accepted by {@code faultline detect}'s own flag parsing,
 * every topic the job uses has a Strimzi KafkaTopic, the cluster settings include what {@code
 * deploy/flink/config.yaml} asks for, and the Prometheus scrape config finds the pods and the port
 * the reporter listens on.
 */
class K8sManifestsTest {
    static final Path K8S = Path.of("..", "deploy", "k8s");
    static final YAMLMapper YAML = new YAMLMapper();

    static List<JsonNode> documents;
    static JsonNode deployment;
    static JsonNode job;
    static List<String> args;

    @BeforeAll
    static void load() throws IOException {
        documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml"))
                            .sorted()
                            .collect(Collectors.toList())) {
                try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            documents.add(doc);
                        }
                    }
                }
            }
        }
        List<JsonNode> deployments = ofKind("FlinkDeployment");
        assertThat(deployments).as("FlinkDeployments in %s", K8S).hasSize(1);
        deployment = deployments.get(0);
        job = deployment.path("spec").path("job");
        args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
    }

    @Test
    void flinkDeploymentIsAnApplicationClusterWithSavepointUpgradesAndHa() {
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(job.isObject()).as("spec.job (application mode)").isTrue();
        assertThat(job.path("entryClass").asText()).isEqualTo(FaultlineCli.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        Map<String, String> conf = flinkConfiguration();
        assertThat(conf)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.incremental", "true")
                .containsEntry("high-availability.type", "kubernetes")
                .containsKeys(
                        "high-availability.storageDir",
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir");
    }

    @Test
    void jobJarIsWhereTheDockerfilePutsIt() throws IOException {
        String jarUri = job.path("jarURI").asText();
        assertThat(jarUri).startsWith("local://").endsWith("/faultline.jar");
        Matcher copy =
                Pattern.compile(
                                "(?m)^COPY\\s+(?:--\\S+\\s+)*jobs/target/faultline\\.jar\\s+(\\S+)\\s*$")
                        .matcher(Files.readString(K8S.resolve("Dockerfile")));
        assertThat(copy.find()).as("COPY of jobs/target/faultline.jar in the Dockerfile").isTrue();
        assertThat(jarUri).isEqualTo("local://" + copy.group(1));
    }

    @Test
    void jobArgumentsAreAcceptedByTheDetectCommand() {
        assertThat(args).isNotEmpty();
        assertThat(args.get(0)).isEqualTo("detect");
        // The same parser `faultline detect` runs: an unknown or malformed flag throws here.
        Configuration options =
                CliArgs.parse(args.subList(1, args.size()), FaultlineCli.DETECT_OPTIONS);
        assertThat(options.getOptional(KafkaOptions.BOOTSTRAP_SERVERS)).isPresent();
        // Savepoints and checkpoint storage belong to the operator and the cluster, not to the
        // arguments.
        assertThat(options.getOptional(FaultlineOptions.FROM_SAVEPOINT)).isEmpty();
        assertThat(options.getOptional(FaultlineOptions.CHECKPOINT_DIR)).isEmpty();

        // The job sets its own checkpoint interval and parallelism: they must be the ones the
        // manifest shows.
        Configuration jobConf = DetectJob.jobConfiguration(options);
        Duration clusterInterval =
                TimeUtils.parseDuration(
                        flinkConfiguration().get("execution.checkpointing.interval"));
        assertThat(jobConf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(clusterInterval);
        assertThat(options.get(FaultlineOptions.PARALLELISM))
                .isEqualTo(job.path("parallelism").asInt());
        assertThat(options.get(FaultlineOptions.PARALLELISM))
                .isLessThanOrEqualTo(
                        Integer.parseInt(flinkConfiguration().get("taskmanager.numberOfTaskSlots"))
                                * Math.max(
                                        1,
                                        deployment
                                                .path("spec")
                                                .path("taskManager")
                                                .path("replicas")
                                                .asInt(1)));
    }

    @Test
    void theParserRejectsWhatDetectDoesNotKnow() {
        assertThatThrownBy(
                        () ->
                                CliArgs.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "k:9092",
                                                "--no-such-flag",
                                                "x"),
                                        FaultlineCli.DETECT_OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-flag");
    }

    @Test
    void everyTopicTheJobUsesIsAStrimziKafkaTopic() {
        Configuration options =
                CliArgs.parse(args.subList(1, args.size()), FaultlineCli.DETECT_OPTIONS);
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : ofKind("KafkaTopic")) {
            assertThat(t.path("apiVersion").asText()).startsWith("kafka.strimzi.io/");
            String name =
                    t.path("spec")
                            .path("topicName")
                            .asText(t.path("metadata").path("name").asText());
            topics.put(name, t);
        }
        int parallelism = options.get(FaultlineOptions.PARALLELISM);
        List<String> used = new ArrayList<>();
        for (ConfigOption<?> option : FaultlineCli.DETECT_OPTIONS) {
            if (option.key().endsWith("-topic")) {
                String topic = String.valueOf(options.get(option));
                used.add(topic);
                assertThat(topics).as("KafkaTopic for --%s", option.key()).containsKey(topic);
            }
        }
        assertThat(used)
                .contains(
                        options.get(KafkaOptions.LOGS_TOPIC),
                        options.get(KafkaOptions.VERDICTS_TOPIC));
        for (String input :
                List.of(
                        options.get(KafkaOptions.LOGS_TOPIC),
                        options.get(KafkaOptions.EVENTS_TOPIC))) {
            assertThat(topics.get(input).path("spec").path("partitions").asInt())
                    .as("partitions of %s (every source subtask should read one)", input)
                    .isGreaterThanOrEqualTo(parallelism);
        }
        // The bootstrap address is the Strimzi cluster the topics belong to.
        Set<String> clusters =
                topics.values().stream()
                        .map(
                                t ->
                                        t.path("metadata")
                                                .path("labels")
                                                .path("strimzi.io/cluster")
                                                .asText())
                        .collect(Collectors.toSet());
        assertThat(clusters).hasSize(1);
        assertThat(options.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .startsWith(clusters.iterator().next() + "-kafka-bootstrap.");
    }

    @Test
    void clusterSettingsIncludeWhatDeployFlinkConfigAsksFor() throws IOException {
        JsonNode required = YAML.readTree(K8S.resolve("../flink/config.yaml").toFile());
        Map<String, String> conf = flinkConfiguration();
        required.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getKey().endsWith(".dir")
                                    && !e.getKey().endsWith("savepoint-dir")) {
                                assertThat(conf)
                                        .as("flinkConfiguration")
                                        .containsEntry(e.getKey(), e.getValue().asText());
                            }
                        });
    }

    @Test
    void prometheusScrapesThePortTheReporterListensOn() throws IOException {
        Map<String, String> conf = flinkConfiguration();
        assertThat(conf.get("metrics.reporter.prom.factory.class"))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        int reporterPort = Integer.parseInt(conf.get("metrics.reporter.prom.port"));
        JsonNode container = null;
        for (JsonNode c :
                deployment.path("spec").path("podTemplate").path("spec").path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                container = c;
            }
        }
        assertThat(container).as("flink-main-container in the pod template").isNotNull();
        String portName = null;
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == reporterPort) {
                portName = p.path("name").asText();
            }
        }
        assertThat(portName).as("container port %s", reporterPort).isNotBlank();

        JsonNode scrape =
                YAML.readTree(K8S.resolve("prometheus-scrape.yaml").toFile())
                        .path("scrape_configs")
                        .get(0);
        JsonNode sd = scrape.path("kubernetes_sd_configs").get(0);
        assertThat(sd.path("role").asText()).isEqualTo("pod");
        List<String> namespaces = new ArrayList<>();
        sd.path("namespaces").path("names").forEach(n -> namespaces.add(n.asText()));
        assertThat(namespaces).contains(deployment.path("metadata").path("namespace").asText());
        // Each `keep` rule must let the Flink pods' metrics port through.
        Map<String, String> pod =
                Map.of(
                        "__meta_kubernetes_pod_label_app",
                        deployment.path("metadata").path("name").asText(),
                        "__meta_kubernetes_pod_label_type",
                        "flink-native-kubernetes",
                        "__meta_kubernetes_pod_container_port_name",
                        portName);
        int keeps = 0;
        for (JsonNode rule : scrape.path("relabel_configs")) {
            if (!rule.path("action").asText().equals("keep")) {
                continue;
            }
            keeps++;
            List<String> values = new ArrayList<>();
            rule.path("source_labels").forEach(l -> values.add(pod.getOrDefault(l.asText(), "")));
            String separator = rule.path("separator").asText(";");
            assertThat(String.join(separator, values))
                    .as("keep rule %s", rule)
                    .matches(rule.path("regex").asText());
        }
        assertThat(keeps).isGreaterThanOrEqualTo(2);
    }

    private static Map<String, String> flinkConfiguration() {
        Map<String, String> conf = new TreeMap<>();
        deployment
                .path("spec")
                .path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        return conf;
    }

    private static List<JsonNode> ofKind(String kind) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .collect(Collectors.toList());
    }
}
