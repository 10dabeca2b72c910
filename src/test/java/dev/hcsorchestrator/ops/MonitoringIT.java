package dev.hcsorchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/prometheus and docs/grafana against the running service (simulated host): every metric the
 * dashboard and the alert rules read is exported, the service's metric names pass {@code promtool
 * check metrics}, the rules pass {@code promtool check rules} and their unit tests, and a real
 * Prometheus scraping the service sees {@code hcs_restarts_total} grow after a forced exit.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=2s",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=monitoring-it-token"
    })
@ExtendWith(OutputCaptureExtension.class)
class MonitoringIT {

  static final String TOKEN = "monitoring-it-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path DOCS = Path.of("docs");

  /** Made by Prometheus itself, not exported by the service. */
  static final Set<String> SYNTHETIC = Set.of("up");

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "monitoring-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;
  @TempDir Path temp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  HttpResponse<String> call(String method, String url, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String scrape() throws Exception {
    HttpResponse<String> r = call("GET", base() + "/actuator/prometheus", null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static Set<String> exportedNames(String exposition) {
    return exposition
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** A running VM definition (restart policy Always); returns its compute system id. */
  String runningVm(String name) throws Exception {
    HttpResponse<String> created =
        call(
            "POST",
            base() + "/api/v1/definitions",
            """
            {"name":"%s","kind":"VirtualMachine","restartPolicy":"Always",
             "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":20}]}}"""
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(phase(name)));
    return status(name).get("computeSystemId").asString();
  }

  JsonNode status(String name) throws Exception {
    return JSON.readTree(call("GET", base() + "/api/v1/definitions/" + name, null).body())
        .get("status");
  }

  String phase(String name) throws Exception {
    return status(name).get("phase").asString();
  }

  /** Every PromQL expression of the dashboard (targets and template queries). */
  static List<String> dashboardExpressions() throws IOException {
    JsonNode dashboard =
        JSON.readTree(Files.readString(DOCS.resolve("grafana/hcs-orchestrator.json")));
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        out.add(target.get("expr").asString());
      }
    }
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      if (variable.has("definition")) {
        out.add(variable.get("definition").asString());
      }
    }
    return out;
  }

  /** Every {@code expr:} of the alert rules. */
  static List<String> ruleExpressions() throws IOException {
    return Files.readAllLines(DOCS.resolve("prometheus/alerts.yml")).stream()
        .map(String::trim)
        .filter(l -> l.startsWith("expr:"))
        .map(l -> l.substring("expr:".length()).trim())
        .toList();
  }

  @Test
  void everyLifecycleTransitionIsLoggedOnceWithTheNameAndTheSystemId(CapturedOutput output)
      throws Exception {
    String name = "log-" + UUID.randomUUID().toString().substring(0, 8);
    String id = runningVm(name);
    HttpResponse<String> exit =
        call(
            "POST",
            base() + "/api/v1/simulator/compute-systems/" + id + "/exit",
            "{\"exitType\":\"UnexpectedExit\",\"exitCode\":0}");
    assertThat(exit.statusCode()).as(exit.body()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> output.getOut().contains(name + " Restarted:"));
    List<String> exited =
        output.getOut().lines().filter(l -> l.contains(name + " Exited:")).toList();
    assertThat(exited).hasSize(1);
    assertThat(exited.get(0)).contains("WARN").contains(id).contains("UnexpectedExit");
    assertThat(output.getOut().lines().filter(l -> l.contains(name + " Started:"))).hasSize(1);
  }

  @Test
  void everyMetricTheDashboardAndTheAlertRulesReadIsExported() throws Exception {
    runningVm("dash-" + UUID.randomUUID().toString().substring(0, 8));
    List<String> expressions = new ArrayList<>(dashboardExpressions());
    expressions.addAll(ruleExpressions());
    assertThat(ruleExpressions()).hasSize(6);
    Set<String> referenced = new TreeSet<>();
    expressions.forEach(e -> referenced.addAll(PromQlNames.of(e)));
    referenced.removeAll(SYNTHETIC);
    assertThat(referenced).contains("hcs_definitions", "hcs_restarts_total", "hcs_host_up");
    // a request-time metric appears after the first request: scrape until everything is there
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(exportedNames(scrape())).containsAll(referenced));
  }

  @Test
  void theServiceMetricNamesPassPromtoolAndNoneIsCamelCase() throws Exception {
    Path promtool = Tools.require("promtool");
    runningVm("names-" + UUID.randomUUID().toString().substring(0, 8));
    Path scraped = temp.resolve("metrics.txt");
    Files.writeString(scraped, scrape());
    Result lint = run(List.of(promtool.toString(), "check", "metrics"), scraped);
    // Spring's and Micrometer's own metrics draw remarks (help texts, units); ours must not
    List<String> problems = lint.output().lines().filter(l -> !l.isBlank()).toList();
    assertThat(problems).noneMatch(l -> l.startsWith("hcs_"));
    assertThat(problems).noneMatch(l -> l.contains("camelCase"));
    assertThat(exportedNames(Files.readString(scraped)))
        .filteredOn(n -> n.startsWith("hcs_"))
        .allMatch(n -> n.equals(n.toLowerCase()));
  }

  @Test
  void theAlertRulesAndScrapeConfigurationPassPromtoolAndTheirUnitTests() throws Exception {
    Path promtool = Tools.require("promtool");
    Path rules = DOCS.resolve("prometheus/alerts.yml").toAbsolutePath();
    Result check = run(List.of(promtool.toString(), "check", "rules", rules.toString()), null);
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 6 rules found");
    Result config =
        run(
            List.of(
                promtool.toString(),
                "check",
                "config",
                DOCS.resolve("prometheus/prometheus.yml").toAbsolutePath().toString()),
            null);
    assertThat(config.exit()).as(config.output()).isZero();
    Result tests =
        run(
            List.of(
                promtool.toString(),
                "test",
                "rules",
                DOCS.resolve("prometheus/alerts.test.yml").toAbsolutePath().toString()),
            null);
    assertThat(tests.exit()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  @Test
  void aRealPrometheusSeesTheRestartOfAForcedExit() throws Exception {
    Path prometheus = Tools.require("prometheus");
    int promPort;
    try (ServerSocket s = new ServerSocket(0)) {
      promPort = s.getLocalPort();
    }
    Path config = temp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: hcs-orchestrator
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port));
    Process server =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + temp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("prometheus.log").toFile())
            .start();
    try {
      String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
      String restarts = "sum(hcs_restarts_total{reason=\"UnexpectedExit\"})";
      String id = runningVm("prom-" + UUID.randomUUID().toString().substring(0, 8));
      // Prometheus up and scraping the service
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> value(query + encode(restarts)) != null);
      double before = value(query + encode(restarts));

      HttpResponse<String> exit =
          call(
              "POST",
              base() + "/api/v1/simulator/compute-systems/" + id + "/exit",
              "{\"exitType\":\"UnexpectedExit\",\"exitCode\":0}");
      assertThat(exit.statusCode()).as(exit.body()).isEqualTo(204);

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> value(query + encode(restarts)) >= before + 1);
      assertThat(value(query + encode("sum(increase(hcs_restarts_total[1m])) > 0"))).isPositive();
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  static String encode(String promql) {
    return URLEncoder.encode(promql, StandardCharsets.UTF_8);
  }

  /** The single value of an instant query, null when it has no result. */
  Double value(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode result = JSON.readTree(r.body()).get("data").get("result");
    if (result.isEmpty()) {
      return null;
    }
    return Double.parseDouble(result.get(0).get("value").get(1).asString());
  }

  record Result(int exit, String output) {}

  static Result run(List<String> command, Path stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
