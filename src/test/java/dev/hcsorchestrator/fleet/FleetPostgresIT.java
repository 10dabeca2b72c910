package dev.hcsorchestrator.fleet;

import static dev.hcsorchestrator.fleet.FleetNode.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three services, each with its own Spring context, simulated host and data directory, on one
 * PostgreSQL database: one fleet and one API. Capacities are small (2 processors, 4 GB each) so
 * that room runs out.
 */
class FleetPostgresIT {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final List<FleetNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    List<String> database = TestPostgres.springArguments(TestPostgres.newDatabase());
    String[][] hosts = {{"hv-01", "a"}, {"hv-02", "a"}, {"hv-03", "b"}};
    for (String[] h : hosts) {
      List<String> args = new ArrayList<>(database);
      args.add("--hcs.fleet.labels.rack=" + h[1]);
      args.add("--hcs.fleet.capacity.processors=2");
      args.add("--hcs.fleet.capacity.memory-mb=4096");
      nodes.add(FleetNode.start(h[0], args));
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(FleetNode::close);
  }

  private static FleetNode any() {
    return nodes.get(0);
  }

  private static String hostOf(String definition) {
    JsonNode host = any().status(definition).get("host");
    return host.isNull() ? null : host.asString();
  }

  @Test
  void everyHostSeesTheWholeFleet() {
    for (FleetNode node : nodes) {
      JsonNode hosts = node.get("/api/v1/hosts").json();
      assertThat(hosts.findValuesAsString("name")).contains("hv-01", "hv-02", "hv-03");
      assertThat(hosts.findValuesAsString("state")).containsOnly("Ready");
    }
  }

  @Test
  void placementByHostAndByLabelIsHonouredAndTheHostRunsIt() {
    // created through hv-01, placed on hv-03: hv-03 must pick it up and run it
    nodes
        .get(0)
        .post("/api/v1/definitions", vm("on-three", 1, 512, ",\"placement\":{\"host\":\"hv-03\"}"));
    nodes
        .get(1)
        .post(
            "/api/v1/definitions",
            vm("in-rack-b", 1, 512, ",\"placement\":{\"hostLabels\":{\"rack\":\"b\"}}"));
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "Running".equals(any().status("on-three").get("phase").asString())
                    && "Running".equals(any().status("in-rack-b").get("phase").asString()));
    assertThat(hostOf("on-three")).isEqualTo("hv-03");
    assertThat(hostOf("in-rack-b")).isEqualTo("hv-03");
    // each host runs what is assigned to it and nothing else
    assertThat(nodes.get(2).get("/api/v1/compute-systems").body())
        .contains("on-three", "in-rack-b");
    assertThat(nodes.get(0).get("/api/v1/compute-systems").body()).doesNotContain("on-three");
    assertThat(nodes.get(1).get("/api/v1/compute-systems").body()).doesNotContain("on-three");
  }

  @Test
  void concurrentSchedulingFromThreeHostsAssignsEachDefinitionOnceWithinCapacity() {
    // 6 definitions of 1 processor and 1 GB for rack a (hv-01, hv-02: 2 processors each), Stopped
    // so nothing runs: 4 fit, 2 wait. Rack b (hv-03) stays for the placement test.
    int count = 6;
    List<CompletableFuture<FleetNode.Response>> creates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      FleetNode through = nodes.get(i % nodes.size());
      String body =
          vm(
              "race-" + i,
              1,
              1024,
              ",\"desiredState\":\"Stopped\",\"placement\":{\"hostLabels\":{\"rack\":\"a\"}}");
      creates.add(CompletableFuture.supplyAsync(() -> through.post("/api/v1/definitions", body)));
    }
    creates.forEach(c -> assertThat(c.join().status()).isEqualTo(201));
    // settled: each has a host or says it fits nowhere
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              for (int i = 0; i < count; i++) {
                JsonNode status = any().status("race-" + i);
                if (status.get("host").isNull()
                    && !status.get("message").asString("").contains("fits on no host")) {
                  return false;
                }
              }
              return true;
            });
    Map<String, Integer> perHost = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String host = hostOf("race-" + i);
      List<String> events =
          any().get("/api/v1/definitions/race-" + i + "/events").json().findValuesAsString("type");
      if (host != null) {
        perHost.merge(host, 1, Integer::sum);
        assertThat(events).as("race-" + i).containsOnlyOnce("Scheduled");
      } else {
        assertThat(events).as("race-" + i).doesNotContain("Scheduled");
        assertThat(any().status("race-" + i).get("message").asString()).contains("fits on no host");
      }
    }
    boolean someWait = perHost.values().stream().mapToInt(Integer::intValue).sum() < count;
    assertThat(someWait).as("6 processors asked of 4").isTrue();
    for (JsonNode host : any().get("/api/v1/hosts").json()) {
      if (!host.get("labels").get("rack").asString().equals("a")) {
        continue;
      }
      long processors = host.get("allocated").get("processors").asLong();
      assertThat(processors).as(host.get("name").asString()).isLessThanOrEqualTo(2);
      assertThat(host.get("allocated").get("memoryMB").asLong()).isLessThanOrEqualTo(4096);
      // one waits only when no host has room for it
      assertThat(processors).as(host.get("name").asString() + " full").isEqualTo(2);
    }
  }
}
