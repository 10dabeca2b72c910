package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The VM half of issue 11's "How it is checked", through HTTP on the simulated host: a VM with an
 * adapter on a declared NAT network and a Hyper-V socket service runs, attached to its endpoint and
 * with owner-only socket descriptors; it keeps its MAC and IP when its system exits behind the
 * service's back and a new incarnation replaces it; the network cannot be deleted while the VM uses
 * it and can once the VM is gone; then no endpoint, registration or file of the VM is left. What
 * the host holds is read from the simulated HCN and socket registry themselves (the API has no
 * route for endpoints).
 */
class VmNetworkingIT extends HttpOnSimulatedHost {

  static final String SERVICE_ID = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";

  /** SYSTEM and Administrators only (docs/hcs-documents.md). */
  static final String OWNER_ONLY = "D:P(A;;FA;;;SY)(A;;FA;;;BA)";

  @Autowired ComputeNetwork hcn;
  @Autowired HvSocketRegistry sockets;

  JsonNode hostEndpoint(String id) {
    return Api.JSON.readTree(hcn.queryEndpointProperties(id, null));
  }

  /** Every endpoint on the host, as HCN describes it. */
  List<JsonNode> hostEndpoints() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode id : Api.JSON.readTree(hcn.enumerateEndpoints(null))) {
      out.add(hostEndpoint(id.asString()));
    }
    return out;
  }

  String hostNetworkId(String name) {
    for (JsonNode id : Api.JSON.readTree(hcn.enumerateNetworks(null))) {
      JsonNode n = Api.JSON.readTree(hcn.queryNetworkProperties(id.asString(), null));
      if (name.equals(n.get("Name").asString())) {
        return n.get("ID").asString();
      }
    }
    return null;
  }

  static String ip(JsonNode endpoint) {
    JsonNode configs = endpoint.get("IpConfigurations");
    return configs == null || configs.isEmpty() ? null : configs.get(0).get("IpAddress").asString();
  }

  @Test
  void aVmOnADeclaredNatNetworkKeepsItsMacAndIpAcrossARestartAndItsDeleteLeavesNothing()
      throws IOException {
    String network = name("vmnet");
    Api.Response declared =
        api.put(
            "/api/v1/networks/" + network,
            "{\"type\":\"NAT\",\"subnet\":\"10.88.0.0/24\",\"gateway\":\"10.88.0.1\"}");
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    String name = name("vm-net");
    create(
        """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":30,
         "virtualMachine":{"processors":1,"memoryMB":512,
           "disks":[{"name":"os","sizeGB":1}],
           "networkAdapters":[{"name":"nic0","network":"%s"}],
           "hvSockets":[{"serviceId":"%s","name":"agent"}]}}"""
            .formatted(name, network, SERVICE_ID));

    JsonNode first = awaitPhase(name, "Running");
    String firstSystem = first.get("computeSystemId").asString();
    assertThat(hostSystem(firstSystem).get("state").asString()).isEqualTo("Running");

    // the document attaches the adapter to its endpoint, and lists the socket service owner-only
    JsonNode doc = hcsDocument(name);
    JsonNode adapter = doc.at("/VirtualMachine/Devices/NetworkAdapters/nic0");
    String endpointId = adapter.get("EndpointId").asString();
    String mac = adapter.get("MacAddress").asString();
    assertThat(mac).matches("^([0-9A-F]{2}-){5}[0-9A-F]{2}$");
    JsonNode hvSocket = doc.at("/VirtualMachine/Devices/HvSocket/HvSocketConfig");
    assertThat(hvSocket.get("DefaultBindSecurityDescriptor").asString()).isEqualTo(OWNER_ONLY);
    assertThat(hvSocket.get("DefaultConnectSecurityDescriptor").asString()).isEqualTo(OWNER_ONLY);
    assertThat(hvSocket.get("ServiceTable").propertyNames()).containsExactly(SERVICE_ID);
    JsonNode service = hvSocket.at("/ServiceTable/" + SERVICE_ID);
    assertThat(service.get("BindSecurityDescriptor").asString()).isEqualTo(OWNER_ONLY);
    assertThat(service.get("ConnectSecurityDescriptor").asString()).isEqualTo(OWNER_ONLY);

    // the host holds that endpoint, on the declared network, with that MAC and an IP of its subnet
    String networkId = hostNetworkId(network);
    assertThat(networkId).as("network %s on the host", network).isNotNull();
    JsonNode endpoint = hostEndpoint(endpointId);
    assertThat(endpoint.get("HostComputeNetwork").asString()).isEqualToIgnoringCase(networkId);
    assertThat(endpoint.get("MacAddress").asString()).isEqualTo(mac);
    String ip = ip(endpoint);
    assertThat(ip).startsWith("10.88.0.");

    // the system ends behind the service's back; a new incarnation keeps MAC, IP and endpoint
    exitBehindTheServicesBack(firstSystem, "UnexpectedExit");
    JsonNode second =
        awaitStatus(
            name,
            s ->
                "Running".equals(s.get("phase").asString())
                    && s.get("incarnation").asLong() > first.get("incarnation").asLong());
    String secondSystem = second.get("computeSystemId").asString();
    assertThat(secondSystem).isNotEqualTo(firstSystem);
    assertThat(hostSystem(secondSystem).get("state").asString()).isEqualTo("Running");
    assertThat(hostSystem(firstSystem)).isNull();
    JsonNode again = hcsDocument(name).at("/VirtualMachine/Devices/NetworkAdapters/nic0");
    assertThat(again.get("EndpointId").asString()).isEqualTo(endpointId);
    assertThat(again.get("MacAddress").asString()).isEqualTo(mac);
    JsonNode endpointAgain = hostEndpoint(endpointId);
    assertThat(endpointAgain.get("MacAddress").asString()).isEqualTo(mac);
    assertThat(ip(endpointAgain)).isEqualTo(ip);

    // the network shows that this host made it
    JsonNode shown = api.get("/api/v1/networks/" + network).json();
    assertThat(shown.at("/status/phase").asString()).isEqualTo("Ready");
    assertThat(shown.at("/status/hosts/0/phase").asString()).isEqualTo("Ready");

    // the network in use cannot be deleted
    Api.Response inUse = api.delete("/api/v1/networks/" + network);
    assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
    assertThat(inUse.json().get("status").asInt()).isEqualTo(409);
    assertThat(inUse.json().get("detail").asString()).contains(network);
    assertThat(api.get("/api/v1/networks/" + network).status()).isEqualTo(200);

    Path folder =
        Path.of(hcsDocument(name).at("/VirtualMachine/GuestState/GuestStateFilePath").asString())
            .getParent();
    deleteAndAwaitGone(name);

    // nothing of the VM is left on the host: no system, no endpoint of ours, no registration
    assertThat(hostSystem(secondSystem)).isNull();
    assertThat(Api.JSON.readTree(hcn.enumerateEndpoints(null)).toString())
        .doesNotContain(endpointId);
    assertThat(hostEndpoints())
        .filteredOn(e -> properties.host().owner().equals(e.get("Owner").asString()))
        .isEmpty();
    assertThat(((SimulatedHvSocketRegistry) sockets).registrations()).doesNotContainKey(SERVICE_ID);
    assertThat(goneOrEmpty(folder)).as("the definition's folder %s", folder).isTrue();

    // unused now, the network can be deleted
    Api.Response unused = api.delete("/api/v1/networks/" + network);
    assertThat(unused.status()).as(unused.body()).isEqualTo(204);
    assertThat(api.get("/api/v1/networks/" + network).status()).isEqualTo(404);
  }

  @Test
  void aDeletedDeclaredNetworkLeavesNoNetworkOfOursOnTheHost() {
    String network = name("gone-net");
    Api.Response declared =
        api.put(
            "/api/v1/networks/" + network,
            "{\"type\":\"NAT\",\"subnet\":\"10.89.0.0/24\",\"gateway\":\"10.89.0.1\"}");
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    String name = name("vm-gone-net");
    create(
        """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
           "networkAdapters":[{"name":"nic0","network":"%s"}]}}"""
            .formatted(name, network));
    awaitPhase(name, "Running");
    assertThat(hostNetworkId(network)).as("network %s on the host", network).isNotNull();
    deleteAndAwaitGone(name);
    assertThat(api.delete("/api/v1/networks/" + network).status()).isEqualTo(204);

    await().atMost(CONVERGE).until(() -> hostNetworkId(network) == null);
  }

  JsonNode hostNetwork(String name) {
    String id = hostNetworkId(name);
    return id == null ? null : Api.JSON.readTree(hcn.queryNetworkProperties(id, null));
  }

  static String subnet(JsonNode network) {
    return network.at("/Ipams/0/Subnets/0/IpAddressPrefix").asString();
  }

  @Test
  void aDeclaredNetworkFollowsItsDeclarationOnceNoDefinitionUsesIt() {
    String network = name("moving-net");
    String first = "{\"type\":\"NAT\",\"subnet\":\"10.91.0.0/24\",\"gateway\":\"10.91.0.1\"}";
    String moved = "{\"type\":\"NAT\",\"subnet\":\"10.92.0.0/24\",\"gateway\":\"10.92.0.1\"}";
    assertThat(api.put("/api/v1/networks/" + network, first).status()).isEqualTo(201);
    String name = name("vm-moving-net");
    create(
        """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
           "networkAdapters":[{"name":"nic0","network":"%s"}]}}"""
            .formatted(name, network));
    awaitPhase(name, "Running");
    assertThat(subnet(hostNetwork(network))).isEqualTo("10.91.0.0/24");

    // in use: another subnet is refused, naming the user, and nothing changes
    Api.Response inUse = api.put("/api/v1/networks/" + network, moved);
    assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
    assertThat(inUse.json().get("detail").asString()).contains("definition '" + name + "'");
    assertThat(api.get("/api/v1/networks/" + network).json().get("subnet").asString())
        .isEqualTo("10.91.0.0/24");
    // the same declaration again is no change
    assertThat(api.put("/api/v1/networks/" + network, first).status()).isEqualTo(200);
    assertThat(subnet(hostNetwork(network))).isEqualTo("10.91.0.0/24");

    // unused: the host's network is replaced by one with the new subnet, and only that one is left
    deleteAndAwaitGone(name);
    assertThat(api.put("/api/v1/networks/" + network, moved).status()).isEqualTo(200);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                hostNetwork(network) != null
                    && "10.92.0.0/24".equals(subnet(hostNetwork(network))));
    assertThat(hostNetwork(network).at("/Ipams/0/Subnets/0/Routes/0/NextHop").asString())
        .isEqualTo("10.92.0.1");
    assertThat(api.delete("/api/v1/networks/" + network).status()).isEqualTo(204);
    await().atMost(CONVERGE).until(() -> hostNetworkId(network) == null);
  }

  @Test
  void aDeclaredSubnetOverlappingAHostNetworkNotOursIsReportedOnTheNetworkAndOnItsUser() {
    // the simulated host has its own "nat" network on 172.30.0.0/20, made by no service of ours
    String network = name("clash-net");
    Api.Response declared =
        api.put(
            "/api/v1/networks/" + network,
            "{\"type\":\"NAT\",\"subnet\":\"172.30.8.0/24\",\"gateway\":\"172.30.8.1\"}");
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    assertThat(declared.json().at("/status/phase").asString()).isEqualTo("Pending");
    String name = name("vm-clash");
    create(
        """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
           "networkAdapters":[{"name":"nic0","network":"%s"}]}}"""
            .formatted(name, network));

    String failure = awaitPhase(name, "Failed").get("message").asString();
    assertThat(failure).contains("172.30.0.0/20", "host network nat");
    JsonNode status = api.get("/api/v1/networks/" + network).json().get("status");
    assertThat(status.get("phase").asString()).isEqualTo("Failed");
    assertThat(status.get("message").asString()).isEqualTo(failure);
    assertThat(status.at("/hosts/0/phase").asString()).isEqualTo("Failed");
    assertThat(status.at("/hosts/0/host").asString()).isNotBlank();
    assertThat(hostNetworkId(network)).as("never made, never resolved to nat").isNull();

    // once no definition needs it, nothing is reported any more
    deleteAndAwaitGone(name);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "Pending"
                    .equals(
                        api.get("/api/v1/networks/" + network)
                            .json()
                            .at("/status/phase")
                            .asString()));
    assertThat(api.delete("/api/v1/networks/" + network).status()).isEqualTo(204);
  }
}
