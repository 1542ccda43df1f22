package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.daisi.ws.testsupport.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard in deploy/ query only metrics the gateway
 * exports (names as exposed: counters with _total, histograms with _bucket/_sum/_count),
 * read from a real registry rather than a list kept by hand. Their PromQL syntax is checked
 * by deploy/validate (Node), which has Prometheus's own grammar.
 */
class DeployMetricNamesTest {

    private static final Pattern GATEWAY_METRIC = Pattern.compile("\\b(?:dws|jvm|process)_[a-z0-9_]+\\b");

    @Test
    void everyGatewayMetricInAlertsAndDashboardExists() throws IOException {
        Set<String> exported = exportedNames();
        List<String> queries = new ArrayList<>(alertExpressions());
        queries.addAll(dashboardExpressions());
        assertThat(queries).hasSizeGreaterThan(20);

        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Matcher m = GATEWAY_METRIC.matcher(query);
            while (m.find()) {
                used.add(m.group());
            }
        }
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(exported);
        assertThat(unknown).as("metrics queried in deploy/ that the gateway does not export").isEmpty();
        assertThat(used).contains("dws_active_connections", "dws_event_delivery_latency_seconds_bucket",
                "dws_grpc_circuitbreaker_tripped_total", "dws_catchup_active", "dws_slow_consumer_closes_total");
    }

    private static Set<String> exportedNames() {
        Metrics metrics = new Metrics();
        metrics.transport().sendQueues(() -> 0, () -> 0);
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot snapshot : metrics.registry().scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            switch (snapshot) {
                case CounterSnapshot c -> names.addAll(List.of(name + "_total", name + "_created"));
                case HistogramSnapshot h -> names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
                case SummarySnapshot s -> names.addAll(List.of(name, name + "_sum", name + "_count"));
                case InfoSnapshot i -> names.add(name + "_info");
                default -> names.add(name);
            }
        }
        return names;
    }

    private static List<String> alertExpressions() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(Files.readString(Repository.file("deploy/prometheus/alerts.yaml")));
        List<String> expressions = new ArrayList<>();
        rules.get("groups").forEach(group -> group.get("rules").forEach(rule -> expressions.add(rule.get("expr").asText())));
        return expressions;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(
                Files.readString(Repository.file("deploy/grafana/dashboards/daisi-ws.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            if (panel.has("targets")) {
                panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
            }
        });
        dashboard.at("/templating/list").forEach(variable -> expressions.add(variable.at("/query/query").asText()));
        return expressions;
    }
}
