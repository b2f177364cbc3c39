package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations files of ADR-0027 (docs/operations/: Prometheus alerting rules, a Grafana dashboard), parsed, and the
 * metric names their PromQL expressions use. A small reading of PromQL, enough for these files: label matchers,
 * ranges, strings and the label lists of {@code by (...)} are removed, then every identifier that is not a PromQL
 * function or keyword is a metric name.
 */
final class OperationsFiles {

    static final Path DIR = Path.of("..", "docs", "operations");

    /** PromQL functions, aggregations and keywords used (or likely) in the files. */
    static final Set<String> PROMQL = Set.of("sum", "rate", "irate", "increase", "histogram_quantile", "by", "without", "and", "or", "unless",
            "max", "min", "avg", "count", "on", "ignoring", "group_left", "group_right", "offset", "bool", "abs", "delta", "deriv", "topk",
            "bottomk", "max_over_time", "min_over_time", "avg_over_time", "time", "absent", "label_values", "clamp_min", "clamp_max");

    /** Series Prometheus makes itself, not the node. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Pattern IDENT = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");

    private OperationsFiles() {
    }

    /** The {@code expr} of every alerting rule. */
    static List<String> alertExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DIR.resolve("prometheus-alerts.yml")));
        List<String> out = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (!rule.hasNonNull("alert") || !rule.hasNonNull("expr")) {
                    throw new IllegalStateException("a rule without alert or expr: " + rule);
                }
                out.add(rule.get("expr").asText());
            }
        }
        return out;
    }

    /** The {@code expr} of every panel target and the query of every templating variable. */
    static List<String> dashboardExpressions() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(Files.readString(DIR.resolve("grafana-dashboard.json")));
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : dash.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                out.add(variable.get("query").asText());
            }
        }
        return out;
    }

    /** Metric names of one PromQL expression. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("label_values\\((.*),\\s*\\w+\\s*\\)", "$1") // Grafana's variable query: its label is no metric
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int after = m.end();
            boolean call = after < s.length() && s.substring(after).stripLeading().startsWith("(");
            if (!PROMQL.contains(id) && !call && !id.matches("\\d.*")) {
                names.add(id);
            }
        }
        return names;
    }

    /** Series names of a Prometheus text scrape (each sample line's name). */
    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(line);
                if (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
