package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11's container check through HTTP on the simulated host (which refuses a container whose
 * storage path it did not mount): a container with an adapter on a declared NAT network runs in its
 * own namespace holding its endpoint, on a mounted {@code \\?\Volume{...}\} volume, keeps both
 * across a restart of its system, and leaves nothing of ours behind when deleted.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/container-networking-${random.uuid}",
      "hcs.storage.image-roots[0]=${user.dir}/target/it-data/layers",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=container-networking-it-token"
    })
class ContainerNetworkingIT {

  static final Duration CONVERGE = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired HcsProperties properties;
  @Autowired ContainerResources containers;
  @Autowired HostResources resources;
  @Autowired SimulatedComputeNetwork network;
  @Autowired SimulatedComputeStorage storage;

  JsonNode status(Api api, String name) {
    return api.get("/api/v1/definitions/" + name).json().get("status");
  }

  JsonNode container(Api api, String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name + "/hcs-document");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("Container");
  }

  @Test
  void aContainerOnADeclaredNatNetworkRunsInItsNamespaceOnAMountedVolumeAndLeavesNothing()
      throws Exception {
    Api api = new Api("http://127.0.0.1:" + port, "container-networking-it-token", CONVERGE);
    Api.Response declared =
        api.put(
            "/api/v1/networks/ctr-nat",
            """
            {"name":"ctr-nat","type":"NAT","subnet":"172.31.7.0/24","gateway":"172.31.7.1"}""");
    assertThat(declared.status()).as(declared.body()).isIn(200, 201);
    Api.Response created =
        api.post(
            "/api/v1/definitions",
            """
            {"name":"web-ctr","kind":"Container","shutdownTimeoutSeconds":5,
             "container":{"layers":["%s"],"command":"cmd /c ping -t localhost",
               "networkAdapters":[{"name":"eth0","network":"ctr-nat"}]}}"""
                .formatted(HealthCheckIT.layer()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(() -> status(api, "web-ctr").get("phase").asString(), "Running"::equals);

    JsonNode first = container(api, "web-ctr");
    String volume = first.at("/Storage/Path").asString();
    String namespace = first.at("/Networking/Namespace").asString();
    assertThat(volume).startsWith("\\\\?\\Volume{").endsWith("}\\");
    assertThat(storage.servesContainerStorage(volume)).isTrue();
    assertThat(SystemIds.isOurNamespace(namespace)).isTrue();
    List<String> held = containers.namespaceEndpoints(namespace);
    assertThat(held).hasSize(1);
    assertThat(resources.endpointAddress(held.get(0)))
        .hasValueSatisfying(ip -> ip.startsWith("172.31.7."));
    String ip = resources.endpointAddress(held.get(0)).orElseThrow();

    String system = status(api, "web-ctr").get("computeSystemId").asString();
    Api.Response exit =
        api.post(
            "/api/v1/simulator/compute-systems/" + system + "/exit",
            "{\"exitType\":\"UnexpectedExit\",\"exitCode\":1}");
    assertThat(exit.status()).as(exit.body()).isEqualTo(204);
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              JsonNode s = status(api, "web-ctr");
              return s.get("incarnation").asLong() == 2
                  && "Running".equals(s.get("phase").asString());
            });
    JsonNode second = container(api, "web-ctr");
    assertThat(second.at("/Storage/Path").asString()).isEqualTo(volume);
    assertThat(second.at("/Networking/Namespace").asString()).isEqualTo(namespace);
    assertThat(containers.namespaceEndpoints(namespace)).isEqualTo(held);
    assertThat(resources.endpointAddress(held.get(0))).contains(ip);

    assertThat(api.delete("/api/v1/definitions/web-ctr").status()).isEqualTo(202);
    await().atMost(CONVERGE).until(() -> api.get("/api/v1/definitions/web-ctr").status() == 404);

    assertThat(api.get("/api/v1/compute-systems").json()).isEmpty();
    assertThat(network.enumerateEndpoints(null)).isEqualTo("[]");
    assertThat(network.enumerateNamespaces(null)).isEqualTo("[]");
    assertThat(storage.servesContainerStorage(volume)).isFalse();
    Path root = properties.storageRoot();
    assertThat(!Files.exists(root) || isEmpty(root)).as("nothing left in " + root).isTrue();
    assertThat(api.delete("/api/v1/networks/ctr-nat").status())
        .as("an unused network can go")
        .isIn(200, 204);
  }

  static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
