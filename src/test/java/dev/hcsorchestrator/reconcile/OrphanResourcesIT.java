package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnNamespace;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.type.TypeReference;

/**
 * Issue 11 item 5 through the application: endpoints and namespaces that appear on the simulated
 * host behind the service's back are removed by the periodic resync when they carry our naming and
 * no definition claims them; a definition's own endpoint, another owner's endpoint and a namespace
 * without our marker stay; the removals are counted in {@code hcs_drift_total{cause="orphan"}}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/orphan-resources-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=orphan-resources-it-token"
    })
class OrphanResourcesIT {

  static final String OURS = "0d9f3b6e-5a1c-4c7e-9b2a-6f4e8d1c2b3a";
  static final String FOREIGN = "7e3c1a2b-9d8f-4e6a-8b5c-1f2e3d4c5b6a";
  static final String FOREIGN_NAMESPACE = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

  @LocalServerPort int port;

  /** The simulated host's HCN: what an administrator's tool would call beside the service. */
  @Autowired ComputeNetwork network;

  void plantEndpoint(String id, String owner, String name) {
    network.createEndpoint(
        SimulatedComputeNetwork.NAT_NETWORK_ID,
        id,
        HcsJson.write(
            new HcnEndpoint(
                id,
                owner,
                name,
                SimulatedComputeNetwork.NAT_NETWORK_ID,
                null,
                null,
                null,
                HcnNetwork.HCN_SCHEMA)));
  }

  void plantNamespace(String id) {
    network.createNamespace(
        id, HcsJson.write(new HcnNamespace(null, "Host", null, HcnNetwork.HCN_SCHEMA)));
  }

  List<String> ids(String json) {
    return HcsJson.lenientMapper().readValue(json, new TypeReference<List<String>>() {});
  }

  @Test
  void theResyncRemovesOurUnclaimedEndpointsAndNamespacesAndLeavesTheRest() {
    Api api =
        new Api("http://127.0.0.1:" + port, "orphan-resources-it-token", Duration.ofSeconds(30));
    Api.Response created =
        api.post(
            "/api/v1/definitions",
            """
            {"name":"orphan-it","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
             "virtualMachine":{"processors":1,"memoryMB":512,
               "disks":[{"name":"os","sizeGB":1}],
               "networkAdapters":[{"name":"nic0","network":"nat"}]}}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/api/v1/definitions/orphan-it").json().at("/status/phase").asString(),
            "Running"::equals);
    List<String> before = ids(network.enumerateEndpoints(null));
    assertThat(before).as("the definition's own endpoint").hasSize(1);
    String claimed = before.get(0);

    plantEndpoint(OURS, "hcs-orchestrator", "left-behind");
    plantEndpoint(FOREIGN, "docker", "docker-nat");
    String ourNamespace = SystemIds.namespaceId(UUID.randomUUID());
    plantNamespace(ourNamespace);
    plantNamespace(FOREIGN_NAMESPACE);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(ids(network.enumerateEndpoints(null)))
                  .containsExactlyInAnyOrder(claimed, FOREIGN);
              assertThat(ids(network.enumerateNamespaces(null))).containsExactly(FOREIGN_NAMESPACE);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.get("/actuator/prometheus").body())
                    .contains("hcs_drift_total{cause=\"orphan\",kind=\"Endpoint\"} 1.0")
                    .contains("hcs_drift_total{cause=\"orphan\",kind=\"Namespace\"} 1.0"));
    assertThat(api.get("/api/v1/definitions/orphan-it").json().at("/status/phase").asString())
        .isEqualTo("Running");
  }
}
