package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What computenetwork.dll (HCN) does, as seen through {@link ComputeNetwork}: written once and run
 * against the simulated HCN, JNA over the C twin, and (with {@code -Pwindows-hcs}) the real DLL.
 * Every object a test makes is removed afterwards in hcsshim's order: endpoints out of their
 * namespace, endpoints, namespaces, networks.
 */
public abstract class ComputeNetworkContract {

  /** The implementation under test and what to close afterwards. */
  protected record Subject(ComputeNetwork network, AutoCloseable cleanup) {}

  protected abstract Subject create(Path stateDir) throws Exception;

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SUBNET = "192.168.251.0/24";
  private static final String GATEWAY = "192.168.251.1";

  @TempDir protected Path dir;
  protected ComputeNetwork network;
  private AutoCloseable cleanup;
  private final Deque<Runnable> undo = new ArrayDeque<>();

  @BeforeEach
  void setUp() throws Exception {
    Subject s = create(dir);
    network = s.network();
    cleanup = s.cleanup();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      while (!undo.isEmpty()) {
        try {
          undo.pop().run();
        } catch (HcsException alreadyGone) {
          // the test removed it itself
        }
      }
    } finally {
      cleanup.close();
    }
  }

  private String newNetwork(String name) {
    String id = UUID.randomUUID().toString();
    network.createNetwork(
        id,
        """
        {"SchemaVersion":{"Major":2,"Minor":0},"Name":"%s","Type":"NAT","Owner":"contract-test",
         "Ipams":[{"Type":"Static","Subnets":[{"IpAddressPrefix":"%s",
           "Routes":[{"NextHop":"%s","DestinationPrefix":"0.0.0.0/0"}]}]}]}
        """
            .formatted(name, SUBNET, GATEWAY));
    undo.push(() -> network.deleteNetwork(id));
    return id;
  }

  private String newEndpoint(String networkId, String extra) {
    String id = UUID.randomUUID().toString();
    network.createEndpoint(
        networkId,
        id,
        "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Name\":\"contract-"
            + id.substring(0, 8)
            + "\",\"HostComputeNetwork\":\""
            + networkId
            + "\""
            + extra
            + "}");
    undo.push(() -> network.deleteEndpoint(id));
    return id;
  }

  private String newNamespace() {
    String id = UUID.randomUUID().toString();
    network.createNamespace(id, "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Type\":\"Host\"}");
    undo.push(() -> network.deleteNamespace(id));
    return id;
  }

  private static String byName(String name) {
    return "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Flags\":0,\"Filter\":\"{\\\"Name\\\":\\\""
        + name
        + "\\\"}\"}";
  }

  private static List<String> ids(String json) {
    return JSON.readValue(json, new TypeReference<List<String>>() {}).stream()
        .map(String::toLowerCase)
        .toList();
  }

  private static String endpointChange(String request, String endpointId) {
    return "{\"ResourceType\":\"Endpoint\",\"RequestType\":\""
        + request
        + "\",\"Settings\":{\"EndpointId\":\""
        + endpointId
        + "\"}}";
  }

  private static int hresultOf(Runnable call) {
    try {
      call.run();
    } catch (HcsException e) {
      return e.hresult();
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void aCreatedNetworkIsFoundByNameAndReadBack() {
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    String id = newNetwork(name);

    assertThat(ids(network.enumerateNetworks(byName(name)))).containsExactly(id);
    JsonNode props = JSON.readTree(network.queryNetworkProperties(id, null));
    assertThat(props.path("Name").asString()).isEqualTo(name);
    assertThat(props.path("Type").asString("NAT")).isEqualTo("NAT");
    assertThat(ids(network.enumerateNetworks(byName(name + "-missing")))).isEmpty();
  }

  @Test
  void aSecondNetworkOfTheSameNameIsRefused() {
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    newNetwork(name);

    assertThatThrownBy(() -> newNetwork(name)).isInstanceOf(HcsException.class);
  }

  @Test
  void anEndpointGetsAMacAndAnAddressOfItsSubnetAndIsListedOnItsNetwork() {
    String net = newNetwork("contract-" + UUID.randomUUID().toString().substring(0, 8));
    String ep = newEndpoint(net, "");

    JsonNode props = JSON.readTree(network.queryEndpointProperties(ep, null));
    assertThat(props.path("MacAddress").asString()).matches("([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}");
    assertThat(props.path("IpConfigurations").path(0).path("IpAddress").asString())
        .startsWith("192.168.251.");
    String filter =
        "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Flags\":0,\"Filter\":\"{\\\"VirtualNetwork\\\":\\\""
            + net
            + "\\\"}\"}";
    assertThat(ids(network.enumerateEndpoints(filter))).containsExactly(ep);
  }

  @Test
  void aRequestedMacAndAddressAreKept() {
    String net = newNetwork("contract-" + UUID.randomUUID().toString().substring(0, 8));
    String ep =
        newEndpoint(
            net,
            ",\"MacAddress\":\"00-15-5D-7A-01-02\",\"IpConfigurations\":[{\"IpAddress\":\"192.168.251.77\",\"PrefixLength\":24}]");

    JsonNode props = JSON.readTree(network.queryEndpointProperties(ep, null));
    assertThat(props.path("MacAddress").asString()).isEqualToIgnoringCase("00-15-5D-7A-01-02");
    assertThat(props.path("IpConfigurations").path(0).path("IpAddress").asString())
        .isEqualTo("192.168.251.77");
  }

  @Test
  void aNamespaceHoldsTheEndpointsAddedToItUntilTheyAreRemoved() {
    String net = newNetwork("contract-" + UUID.randomUUID().toString().substring(0, 8));
    String ep = newEndpoint(net, "");
    String ns = newNamespace();

    network.modifyNamespace(ns, endpointChange("Add", ep));
    undo.push(() -> network.modifyNamespace(ns, endpointChange("Remove", ep)));
    assertThat(ids(network.enumerateNamespaces(null))).contains(ns);
    assertThat(network.queryNamespaceProperties(ns, null).toLowerCase()).contains(ep);

    network.modifyNamespace(ns, endpointChange("Remove", ep));
    assertThat(network.queryNamespaceProperties(ns, null).toLowerCase()).doesNotContain(ep);
  }

  @Test
  void hcsshimsTeardownOrderRemovesEverything() {
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    String net = newNetwork(name);
    String ep = newEndpoint(net, "");
    String ns = newNamespace();
    network.modifyNamespace(ns, endpointChange("Add", ep));

    network.modifyNamespace(ns, endpointChange("Remove", ep));
    network.deleteEndpoint(ep);
    network.deleteNamespace(ns);
    network.deleteNetwork(net);

    assertThat(ids(network.enumerateNetworks(byName(name)))).isEmpty();
    assertThat(ids(network.enumerateNamespaces(null))).doesNotContain(ns);
    assertThat(HResults.isHcnNotFound(hresultOf(() -> network.queryEndpointProperties(ep, null))))
        .isTrue();
  }

  @Test
  void aNetworkWithEndpointsCannotBeDeleted() {
    String net = newNetwork("contract-" + UUID.randomUUID().toString().substring(0, 8));
    newEndpoint(net, "");

    assertThatThrownBy(() -> network.deleteNetwork(net)).isInstanceOf(HcsException.class);
    assertThat(network.queryNetworkProperties(net, null)).isNotBlank();
  }

  @Test
  void deletingWhatIsNotThereFailsWithACodeHcsshimTreatsAsNotFound() {
    String missing = UUID.randomUUID().toString();

    assertThat(HResults.isHcnNotFound(hresultOf(() -> network.deleteNetwork(missing)))).isTrue();
    assertThat(HResults.isHcnNotFound(hresultOf(() -> network.deleteEndpoint(missing)))).isTrue();
    assertThat(HResults.isHcnNotFound(hresultOf(() -> network.deleteNamespace(missing)))).isTrue();
    assertThat(
            HResults.isHcnNotFound(
                hresultOf(() -> network.queryNamespaceProperties(missing, null))))
        .isTrue();
  }

  @Test
  void malformedSettingsFailWithAnErrorRecord() {
    String id = UUID.randomUUID().toString();

    assertThatThrownBy(() -> network.createNetwork(id, "{not json"))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> {
              assertThat(e.hresult()).isNegative();
              assertThat(e.resultDocument()).isNotBlank();
            });
  }
}
