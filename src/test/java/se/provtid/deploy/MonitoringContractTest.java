package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring: the alert rules pass promtool's checks and their own unit tests, and the dashboard, its
 * provisioning and the rules read only the metric names Provtid serves (metrics.txt), so a renamed metric fails here.
 */
class MonitoringContractTest {

    private static final Path PROMETHEUS = Path.of("deploy/monitoring/prometheus");
    private static final Path GRAFANA = Path.of("deploy/monitoring/grafana");
    private static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    private static final Path DATASOURCES = GRAFANA.resolve("provisioning/datasources/prometheus.yml");
    private static final Path DASHBOARD_PROVIDERS = GRAFANA.resolve("provisioning/dashboards/provtid.yml");
    private static final String PROMTOOL_INSTALL = "apt-get install --no-install-recommends prometheus "
            + "(bin/prereqs.sh: ensure_promtool)";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MetricContract contract = MetricContract.load();

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfiguration() {
        ExternalTool promtool = ExternalTool.require("promtool", PROMTOOL_INSTALL);
        String rules = promtool.runOk(PROMETHEUS, "check", "rules", "alerts.yml");
        assertTrue(rules.contains("SUCCESS"), rules);
        String config = promtool.runOk(PROMETHEUS, "check", "config", "prometheus.yml");
        assertTrue(config.contains("1 rule files found"), "prometheus.yml loads alerts.yml:\n" + config);
    }

    @Test
    void theAlertRulesPassTheirUnitTests() {
        ExternalTool promtool = ExternalTool.require("promtool", PROMTOOL_INSTALL);
        String out = promtool.runOk(PROMETHEUS, "test", "rules", "alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertIsUnitTestedFiringAndSilent() throws IOException {
        Set<String> alerts = new TreeSet<>(alerts().keySet());
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile()).path("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                (t.path("exp_alerts").isEmpty() ? silent : firing).add(t.path("alertname").asText());
            }
        }
        assertEquals(alerts, firing, "every alert has a case where it fires");
        assertEquals(alerts, silent, "every alert has a case where it stays silent");
    }

    @Test
    void everyAlertSaysWhatItMeansAndWhereItsRunbookIs() throws IOException {
        Map<String, JsonNode> alerts = alerts();
        assertEquals(Set.of("ProvtidQueueStalled", "ProvtidSitePaused", "ProvtidQrLatenessHigh",
                "ProvtidWebhookDeadLettersRising", "ProvtidWorkerDown", "ProvtidNoWorkers", "ProvtidBrowserMemoryHigh",
                "ProvtidRedisWritesUnconfirmed"),
                alerts.keySet());
        java.util.List<String> runbook = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/operations.md"));
        alerts.forEach((name, rule) -> {
            assertTrue(runbook.contains("### " + name), "docs/operations.md has a section '### " + name + "'");
            JsonNode a = rule.path("annotations");
            assertFalse(a.path("summary").asText().isBlank(), name + " summary");
            assertFalse(a.path("description").asText().isBlank(), name + " description");
            assertEquals("docs/operations.md#" + name.toLowerCase(), a.path("runbook_url").asText(), name);
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()),
                    name + " severity");
        });
    }

    @Test
    void theAlertRulesReadOnlyContractMetrics() throws IOException {
        alerts().forEach((name, rule) -> assertEquals(Set.of(), contract.unknownIn(rule.path("expr").asText()),
                name + " reads metrics Provtid does not serve (deploy/monitoring/metrics.txt)"));
    }

    @Test
    void theDashboardReadsOnlyContractMetricsAndCoversEveryTopic() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARDS.resolve("provtid.json").toFile());
        String datasourceUid = YAML.readTree(DATASOURCES.toFile()).path("datasources").get(0).path("uid").asText();
        assertFalse(dashboard.path("uid").asText().isBlank(), "the dashboard has a uid");
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        Set<Integer> ids = new HashSet<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals(datasourceUid, panel.path("datasource").path("uid").asText(),
                    title + " uses the provisioned datasource");
            assertFalse(panel.path("targets").isEmpty(), title + " has a query");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertFalse(expr.isBlank(), title + " has an expression");
                assertEquals(Set.of(), contract.unknownIn(expr), "panel \"" + title
                        + "\" reads metrics Provtid does not serve (deploy/monitoring/metrics.txt)");
                used.addAll(PromQl.metricNames(expr));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            assertEquals(Set.of(), contract.unknownIn(variable.path("query").asText()), "variable");
        }
        // Queue, jobs by outcome, phases, first QR and lateness, site, browsers, webhooks: each has a panel.
        assertTrue(used.containsAll(List.of("provtid_queue_depth", "provtid_jobs_running",
                "provtid_jobs_finished_total", "provtid_job_phase_seconds_bucket", "provtid_qr_first_frame_seconds_bucket",
                "provtid_qr_frame_lateness_seconds_bucket", "provtid_site_requests_total", "provtid_site_paused",
                "provtid_browser_hosts", "provtid_browser_contexts", "provtid_browser_memory_bytes",
                "provtid_webhook_deliveries_total", "provtid_webhook_dead_letters", "provtid_webhook_backlog")),
                "the dashboard covers every topic; it reads " + used);
    }

    private static void collectPanels(JsonNode list, List<JsonNode> out) {
        for (JsonNode p : list) {
            out.add(p);
            collectPanels(p.path("panels"), out);
        }
    }

    @Test
    void theProvisioningFilesHaveGrafanasShape() throws IOException {
        JsonNode datasources = YAML.readTree(DATASOURCES.toFile());
        assertEquals(1, datasources.path("apiVersion").asInt());
        JsonNode ds = datasources.path("datasources").get(0);
        assertEquals("prometheus", ds.path("type").asText());
        assertEquals("proxy", ds.path("access").asText());
        assertTrue(ds.path("url").asText().startsWith("http"), "a URL");
        assertFalse(ds.path("name").asText().isBlank(), "a name");

        JsonNode providers = YAML.readTree(DASHBOARD_PROVIDERS.toFile());
        assertEquals(1, providers.path("apiVersion").asInt());
        JsonNode provider = providers.path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        assertTrue(provider.path("options").path("path").asText().startsWith("/"), "an absolute path to load from");
        assertFalse(provider.path("name").asText().isBlank(), "a name");
    }

    @Test
    void theCheckCatchesARenamedMetricAndIgnoresLabelsAndFunctions() {
        String expr = "histogram_quantile(0.99, sum by (le, phase) (rate(provtid_job_phase_seconds_bucket"
                + "{phase=\"booking\", job=~\"provtid-.*\"}[$__rate_interval]))) > 0.5 and on () "
                + "max(provtid_site_paused offset 5m) == bool 1";
        assertEquals(Set.of("provtid_job_phase_seconds_bucket", "provtid_site_paused"), PromQl.metricNames(expr));
        assertEquals(Set.of(), contract.unknownIn(expr));
        assertEquals(Set.of("provtid_jobs_finshed_total"),
                contract.unknownIn("sum by (status) (rate(provtid_jobs_finshed_total[5m]))"));
        assertEquals(Set.of("provtid_queue_length"),
                contract.unknownIn("max(provtid_queue_length) by (priority) + max(provtid_jobs_running)"));
        assertTrue(contract.allows("jvm_memory_used_bytes"), "standard families by prefix");
    }

    private static Map<String, JsonNode> alerts() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.put(rule.path("alert").asText(), rule);
            }
        }
        return alerts;
    }
}
