package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.TestPostgres;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.ListedNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A declared network over a fleet of two services on one PostgreSQL, each with its own simulated
 * host: it is made on every host that runs a definition naming it, each host reports it on the
 * network, and a host whose last such definition left removes it (and its report) while the other
 * keeps it.
 */
class FleetNetworksPostgresIT {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String NETWORK = "fleet-lab";
  private static final List<FleetNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    List<String> database = TestPostgres.springArguments(TestPostgres.newDatabase());
    for (String host : List.of("hv-01", "hv-02")) {
      nodes.add(FleetNode.start(host, database));
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(FleetNode::close);
  }

  /** The network of that name on a node's simulated host, made by this service; null if none. */
  private static ListedNetwork onHost(FleetNode node) {
    return node.context.getBean(HostResources.class).listNetworks().stream()
        .filter(n -> NETWORK.equals(n.name()))
        .findFirst()
        .orElse(null);
  }

  private static String vmOn(String name, String host) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"VirtualMachine\",\"shutdownTimeoutSeconds\":5,"
        + "\"placement\":{\"host\":\""
        + host
        + "\"},\"virtualMachine\":{\"processors\":1,\"memoryMB\":512,"
        + "\"disks\":[{\"name\":\"os\",\"sizeGB\":1}],"
        + "\"networkAdapters\":[{\"name\":\"nic0\",\"network\":\""
        + NETWORK
        + "\"}]}}";
  }

  private static List<String> reportingHosts() {
    JsonNode status = nodes.get(1).get("/api/v1/networks/" + NETWORK).json().get("status");
    List<String> hosts = new ArrayList<>();
    for (JsonNode h : status.get("hosts")) {
      hosts.add(h.get("host").asString() + " " + h.get("phase").asString());
    }
    return hosts;
  }

  @Test
  void aDeclaredNetworkIsMadeWhereItsUsersRunAndGoesFromAHostTheyLeft() {
    FleetNode.Response declared =
        nodes
            .get(0)
            .put(
                "/api/v1/networks/" + NETWORK,
                "{\"type\":\"NAT\",\"subnet\":\"10.77.0.0/24\",\"gateway\":\"10.77.0.1\"}");
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    assertThat(nodes.get(0).post("/api/v1/definitions", vmOn("net-a", "hv-01")).status())
        .isEqualTo(201);
    assertThat(nodes.get(0).post("/api/v1/definitions", vmOn("net-b", "hv-02")).status())
        .isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "Running".equals(nodes.get(0).status("net-a").get("phase").asString())
                    && "Running".equals(nodes.get(0).status("net-b").get("phase").asString()));

    for (FleetNode node : nodes) {
      ListedNetwork made = onHost(node);
      assertThat(made).as(node.name).isNotNull();
      assertThat(made.subnet()).isEqualTo("10.77.0.0/24");
    }
    await()
        .atMost(CONVERGE)
        .until(() -> reportingHosts().equals(List.of("hv-01 Ready", "hv-02 Ready")));

    // the user on hv-02 goes: hv-02 removes the network, hv-01 (whose user stays) keeps it
    assertThat(nodes.get(1).delete("/api/v1/definitions/net-b").status()).isEqualTo(202);
    await()
        .atMost(CONVERGE)
        .until(() -> nodes.get(0).get("/api/v1/definitions/net-b").status() == 404);
    await().atMost(CONVERGE).until(() -> onHost(nodes.get(1)) == null);
    await().atMost(CONVERGE).until(() -> reportingHosts().equals(List.of("hv-01 Ready")));
    assertThat(onHost(nodes.get(0))).isNotNull();
    assertThat(
            nodes.get(0).get("/api/v1/networks/" + NETWORK).json().at("/status/phase").asString())
        .isEqualTo("Ready");
  }
}
