package dev.faultline.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/faultline-dashboard.json queries only metrics the job exports: the names listed in
 * docs/operations.md#metrics, each of which the code registers (a counter or gauge of that name in
 * operators/ or connectors/) or Flink itself exports. The end-to-end check then asks a real
 * Prometheus for every panel's query.
 */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "faultline-dashboard.json");
    static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    static final String JOB = "flink_jobmanager_job_";

    /** Flink's own metrics the docs name: exported by Flink, not registered by this code. */
    static final Set<String> FLINK_OWN =
            Set.of(
                    JOB + "lastCheckpointSize",
                    JOB + "lastCheckpointDuration",
                    JOB + "numberOfCompletedCheckpoints",
                    JOB + "numberOfFailedCheckpoints",
                    JOB + "numRestarts",
                    OPERATOR + "pendingRecords");

    /** Variables Grafana defines itself. */
    static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__range");

    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    @Test
    void everyPanelQueriesOnlyDocumentedMetrics() throws IOException {
        Set<String> documented = documentedMetrics();
        List<JsonNode> panels = panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText())
                    .as("data source of '%s'", title)
                    .isEqualTo("${datasource}");
            List<String> exprs = exprs(panel);
            assertThat(exprs).as("queries of '%s'", title).isNotEmpty();
            for (String expr : exprs) {
                Set<String> metrics = metrics(expr);
                assertThat(metrics).as("metrics in '%s': %s", title, expr).isNotEmpty();
                assertThat(documented)
                        .as("'%s' queries %s; docs/operations.md lists", title, metrics)
                        .containsAll(metrics);
            }
        }
    }

    @Test
    void showsWhatTheOperatorsLookAt() throws IOException {
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : panels()) {
            exprs(panel).forEach(e -> used.addAll(metrics(e)));
        }
        assertThat(used)
                .contains(
                        OPERATOR + "outcome_verdicts",
                        OPERATOR + "category_fault_failures",
                        OPERATOR + "signature_failures",
                        OPERATOR + "user_reason_deadLetters",
                        OPERATOR + "openBuilds",
                        OPERATOR + "alerting_alertsDelivered",
                        OPERATOR + "alerting_alertSinkFailures",
                        JOB + "lastCheckpointDuration",
                        JOB + "lastCheckpointSize",
                        OPERATOR + "pendingRecords");
    }

    @Test
    void queriesUseOnlyDefinedVariablesAndTheDataSourceIsAVariable() throws IOException {
        JsonNode dashboard = Json.mapper().readTree(DASHBOARD.toFile());
        Set<String> defined = new LinkedHashSet<>(GRAFANA_VARIABLES);
        JsonNode datasource = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            defined.add(v.path("name").asText());
            if (v.path("type").asText().equals("datasource")) {
                datasource = v;
            }
        }
        assertThat(datasource).as("a data source variable").isNotNull();
        assertThat(datasource.path("name").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : panels()) {
            for (String expr : exprs(panel)) {
                Matcher m = VARIABLE.matcher(expr);
                while (m.find()) {
                    assertThat(defined).as("variable in %s", expr).contains(m.group(1));
                }
            }
        }
    }

    @Test
    void everyDocumentedJobMetricIsRegisteredByTheCode() throws IOException {
        String code =
                sources(Path.of("..", "operators", "src", "main", "java"))
                        + sources(Path.of("..", "connectors", "src", "main", "java"));
        for (String metric : documentedMetrics()) {
            if (FLINK_OWN.contains(metric)) {
                continue;
            }
            assertThat(metric).startsWith(OPERATOR);
            String name = metric.substring(metric.lastIndexOf('_') + 1);
            assertThat(code)
                    .as("a counter or gauge named %s (for %s)", name, metric)
                    .containsAnyOf("counter(\"" + name + "\"", "gauge(\"" + name + "\"");
        }
    }

    /**
     * Full Prometheus names from the metrics section of docs/operations.md: the table's first
     * column (names under {@value #OPERATOR}) and the {@code flink_…} names in the text, where
     * {@code …_x} continues the last full name's prefix.
     */
    static Set<String> documentedMetrics() throws IOException {
        String doc = Files.readString(OPERATIONS);
        int start = doc.indexOf("\n## Metrics");
        String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
        Set<String> names = new TreeSet<>();
        String prefix = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher m = BACKTICKED.matcher(firstCell);
                while (m.find()) {
                    names.add(OPERATOR + m.group(1));
                }
                continue;
            }
            Matcher m = BACKTICKED.matcher(line);
            while (m.find()) {
                String token = m.group(1);
                if (token.matches("flink_[A-Za-z0-9_]+")) {
                    names.add(token);
                    prefix = token.substring(0, token.lastIndexOf('_') + 1);
                } else if (token.matches("…_[A-Za-z0-9]+") && prefix != null) {
                    names.add(prefix + token.substring(2));
                }
            }
        }
        assertThat(names).as("metrics in docs/operations.md").containsAll(FLINK_OWN);
        return names;
    }

    static List<JsonNode> panels() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        collect(Json.mapper().readTree(DASHBOARD.toFile()).path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            if (p.path("type").asText().equals("row")) {
                collect(p.path("panels"), out);
            } else {
                out.add(p);
            }
        }
    }

    static List<String> exprs(JsonNode panel) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode t : panel.path("targets")) {
            if (!t.path("expr").asText().isBlank()) {
                exprs.add(t.path("expr").asText());
            }
        }
        return exprs;
    }

    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static String sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(
                            f -> {
                                try {
                                    return Files.readString(f);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .collect(Collectors.joining("\n"));
        }
    }
}
