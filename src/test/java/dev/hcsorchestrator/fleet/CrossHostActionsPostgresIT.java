package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import dev.hcsorchestrator.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One API on every host: an action through host A on a definition assigned to host B takes effect
 * on B within a second, and A's answers show what B did as soon as B wrote it. The hosts' own polls
 * are made slow here (a lease tick every 10 s, a resync every 60 s), so only the database's notices
 * can be that fast.
 */
class CrossHostActionsPostgresIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private static final List<String> bases = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String url = TestPostgres.newDatabase();
    Files.createDirectories(Path.of("target", "it-data"));
    for (String host : List.of("hv-01", "hv-02")) {
      Path dir = Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "act-");
      List<String> args = new ArrayList<>(TestPostgres.springArguments(url));
      args.addAll(
          List.of(
              "--hcs.fleet.host-name=" + host,
              "--hcs.fleet.lease-duration=60s",
              "--hcs.fleet.failover-after=120s",
              "--hcs.host.mode=simulated",
              "--hcs.data-dir=" + dir.resolve("data"),
              "--hcs.reconcile.resync-interval=60s",
              "--server.port=0",
              "--hcs.security.tokens[0].name=it",
              "--hcs.security.tokens[0].role=operator",
              "--hcs.security.tokens[0].value=" + FleetNode.TOKEN));
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(HcsOrchestratorApplication.class)
              .run(args.toArray(String[]::new));
      contexts.add(context);
      bases.add(
          "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }
  }

  @AfterAll
  static void stop() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aStopThroughOneHostStopsTheSystemOnItsHostWithinASecond() throws Exception {
    // created through hv-01, placed on hv-02
    String vm = FleetNode.vm("remote", 1, 512, ",\"placement\":{\"host\":\"hv-02\"}");
    assertThat(send(0, "POST", "/api/v1/definitions", vm).statusCode()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(0, "remote")));
    assertThat(systems(1)).contains("remote");

    long sent = System.nanoTime();
    HttpResponse<String> stop = send(0, "POST", "/api/v1/definitions/remote/stop", "");
    assertThat(stop.statusCode()).isEqualTo(202);
    long generation = JSON.readTree(stop.body()).get("generation").asLong();
    // hv-02 took the new generation up (it wrote a status observing it), and hv-01 answers what
    // hv-02 wrote (its cached copy dropped)
    await()
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(30))
        .until(() -> observed(0, "remote") >= generation);
    long seen = (System.nanoTime() - sent) / 1_000_000;
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(phase(0, "remote")));
    // from the commit of the write on hv-01 (its event) to hv-02's stop (its event): the
    // database's notice, hv-02's pass and the simulated host's stop
    Instant written = eventAt("DesiredStateChanged");
    Instant acted = eventAt("Stopped");
    long ms = Duration.between(written, acted).toMillis();
    System.out.printf(
        "cross-host stop: hv-02 stopped the system %d ms after the write through hv-01; hv-01"
            + " answered it %d ms after sending the write%n",
        ms, seen);
    // the target is a second; the bound leaves room for a loaded machine, where the stop itself
    // (a reconcile pass and the simulated host's call) takes most of it
    assertThat(ms).as("ms from the write through hv-01 to hv-02's action").isLessThan(2000);
  }

  private static Instant eventAt(String type) throws Exception {
    for (JsonNode e :
        JSON.readTree(send(0, "GET", "/api/v1/definitions/remote/events", null).body())) {
      if (type.equals(e.get("type").asString())) {
        return Instant.parse(e.get("at").asString());
      }
    }
    throw new AssertionError("no event " + type);
  }

  private static long observed(int host, String name) throws Exception {
    JsonNode d = JSON.readTree(send(host, "GET", "/api/v1/definitions/" + name, null).body());
    return d.get("status").get("observedGeneration").asLong();
  }

  private static String phase(int host, String name) throws Exception {
    JsonNode d = JSON.readTree(send(host, "GET", "/api/v1/definitions/" + name, null).body());
    return d.get("status").get("phase").asString();
  }

  private static String systems(int host) throws Exception {
    return send(host, "GET", "/api/v1/compute-systems", null).body().toLowerCase();
  }

  private static HttpResponse<String> send(int host, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(bases.get(host) + path))
            .header("Authorization", "Bearer " + FleetNode.TOKEN)
            .timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
