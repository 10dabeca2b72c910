package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedHcn.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedHcn.key;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnIpConfiguration;
import dev.hcsorchestrator.host.hcs.schema.HcnIpam;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcnRoute;
import dev.hcsorchestrator.host.hcs.schema.HcnSubnet;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * computenetwork.dll (HCN) simulated: networks, endpoints and namespaces kept as files under the
 * simulator directory, answering HCN's HRESULTs. A {@code nat} network exists from the start, as on
 * a Windows host with the Containers feature. An endpoint without a MAC gets one from the Hyper-V
 * range {@code 00-15-5D-xx-xx-xx}, derived from its id; without an IP it gets the first free
 * address of its network's subnet; a requested IP must lie in that subnet and be free.
 */
public final class SimulatedComputeNetwork implements ComputeNetwork {

  /** The id of the simulated host's default {@code nat} network. */
  public static final String NAT_NETWORK_ID = "a1e8c5a2-6f55-4d2b-9a3e-000000000001";

  private static final String MAC = "^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$";
  private static final Set<String> TYPES =
      Set.of(
          "NAT",
          "ICS",
          "Transparent",
          "L2Bridge",
          "L2Tunnel",
          "Overlay",
          "Private",
          "Internal",
          "Mirrored");

  private final SimulatorFaults faults;
  private final SimulatorStore networkStore;
  private final SimulatorStore endpointStore;
  private final SimulatedNamespaces namespaces;
  private final Map<String, HcnNetwork> networks = new ConcurrentHashMap<>();
  private final Map<String, HcnEndpoint> endpoints = new ConcurrentHashMap<>();

  /**
   * @param dir the simulator directory; networks, endpoints and namespaces go into sub-folders
   */
  public SimulatedComputeNetwork(Path dir, SimulatorFaults faults) {
    this.faults = faults;
    this.networkStore = new SimulatorStore(dir.resolve("networks"));
    this.endpointStore = new SimulatorStore(dir.resolve("endpoints"));
    this.namespaces = new SimulatedNamespaces(dir.resolve("namespaces"));
    networkStore.load(HcnNetwork.class).forEach(n -> networks.put(key(n.id()), n));
    endpointStore.load(HcnEndpoint.class).forEach(e -> endpoints.put(key(e.id()), e));
    if (networks.values().stream().noneMatch(n -> "nat".equals(n.name()))) {
      HcnNetwork nat =
          new HcnNetwork(
              NAT_NETWORK_ID,
              null,
              "nat",
              "NAT",
              List.of(
                  new HcnIpam(
                      "Static",
                      List.of(
                          new HcnSubnet(
                              "172.30.0.0/20", List.of(new HcnRoute("172.30.0.1", "0.0.0.0/0")))))),
              null,
              null,
              HcnNetwork.HCN_SCHEMA);
      SimulatedHcn.save(networkStore, "HcnCreateNetwork", nat.id(), nat);
      networks.put(key(nat.id()), nat);
    }
  }

  @Override
  public String enumerateNetworks(String query) {
    Map<String, String> filter = SimulatedHcn.filter("HcnEnumerateNetworks", query);
    List<String> ids = new ArrayList<>();
    for (HcnNetwork n : networks.values()) {
      if (SimulatedHcn.match(filter, "Name", n.name())
          && SimulatedHcn.match(filter, "ID", n.id())) {
        ids.add(n.id());
      }
    }
    ids.sort(null);
    return HcsJson.write(ids);
  }

  @Override
  public synchronized void createNetwork(String id, String settings) {
    String fn = "HcnCreateNetwork";
    SimulatedHcn.requireGuid(fn, id);
    HcnNetwork n = SimulatedHcn.parse(fn, settings, HcnNetwork.class);
    if (n.name() == null || n.name().isBlank()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Name is required");
    }
    if (n.type() == null || !TYPES.contains(n.type())) {
      throw fail(fn, HResults.HCN_E_INVALID_NETWORK_TYPE, "network type " + n.type());
    }
    for (HcnIpam ipam : n.ipams() == null ? List.<HcnIpam>of() : n.ipams()) {
      for (HcnSubnet subnet : ipam.subnets() == null ? List.<HcnSubnet>of() : ipam.subnets()) {
        if (Ipv4Subnet.parse(subnet.ipAddressPrefix()) == null) {
          throw fail(fn, HResults.HCN_E_INVALID_JSON, "subnet " + subnet.ipAddressPrefix());
        }
      }
    }
    if (networks.containsKey(key(id))
        || networks.values().stream().anyMatch(x -> n.name().equals(x.name()))) {
      throw fail(fn, HResults.HCN_E_NETWORK_ALREADY_EXISTS, "network " + n.name() + " exists");
    }
    HcnNetwork stored =
        new HcnNetwork(
            key(id),
            n.owner(),
            n.name(),
            n.type(),
            n.ipams(),
            n.flags(),
            n.policies() == null ? List.of() : n.policies(),
            HcnNetwork.HCN_SCHEMA);
    SimulatedHcn.save(networkStore, fn, stored.id(), stored);
    networks.put(stored.id(), stored);
  }

  @Override
  public String queryNetworkProperties(String id, String query) {
    return HcsJson.write(network("HcnOpenNetwork", id));
  }

  @Override
  public synchronized void deleteNetwork(String id) {
    String fn = "HcnDeleteNetwork";
    faults.check("DeleteNetwork", fn);
    HcnNetwork n = network(fn, id);
    if (endpoints.values().stream().anyMatch(e -> key(id).equals(e.hostComputeNetwork()))) {
      throw fail(
          fn, HResults.HCN_E_ENTITY_HAS_REFERENCES, "network " + n.name() + " has endpoints");
    }
    SimulatedHcn.delete(networkStore, fn, n.id());
    networks.remove(n.id());
  }

  @Override
  public String enumerateEndpoints(String query) {
    faults.check("EnumerateEndpoints", "HcnEnumerateEndpoints");
    Map<String, String> filter = SimulatedHcn.filter("HcnEnumerateEndpoints", query);
    List<String> ids = new ArrayList<>();
    for (HcnEndpoint e : endpoints.values()) {
      if (SimulatedHcn.match(filter, "Name", e.name())
          && SimulatedHcn.match(filter, "ID", e.id())
          && SimulatedHcn.match(filter, "VirtualNetwork", e.hostComputeNetwork())) {
        ids.add(e.id());
      }
    }
    ids.sort(null);
    return HcsJson.write(ids);
  }

  @Override
  public synchronized void createEndpoint(String networkId, String id, String settings) {
    String fn = "HcnCreateEndpoint";
    faults.check("CreateEndpoint", fn);
    HcnNetwork n = network(fn, networkId);
    SimulatedHcn.requireGuid(fn, id);
    HcnEndpoint e = SimulatedHcn.parse(fn, settings, HcnEndpoint.class);
    if (e.macAddress() != null && !e.macAddress().matches(MAC)) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "MacAddress " + e.macAddress());
    }
    if (endpoints.containsKey(key(id))) {
      throw fail(fn, HResults.E_ALREADY_EXISTS, "endpoint " + id + " exists");
    }
    String mac = e.macAddress() != null ? e.macAddress().toUpperCase(Locale.ROOT) : macFor(key(id));
    HcnEndpoint stored =
        new HcnEndpoint(
            key(id),
            e.owner(),
            e.name(),
            n.id(),
            mac,
            address(fn, n, e.ipConfigurations()),
            e.policies() == null ? List.of() : e.policies(),
            HcnNetwork.HCN_SCHEMA);
    SimulatedHcn.save(endpointStore, fn, stored.id(), stored);
    endpoints.put(stored.id(), stored);
  }

  @Override
  public String queryEndpointProperties(String id, String query) {
    return HcsJson.write(endpoint("HcnOpenEndpoint", id));
  }

  @Override
  public synchronized void deleteEndpoint(String id) {
    String fn = "HcnDeleteEndpoint";
    faults.check("DeleteEndpoint", fn);
    HcnEndpoint e = endpoint(fn, id);
    var holder = namespaces.namespaceOf(e.id());
    if (holder.isPresent()) {
      throw fail(
          fn,
          HResults.HCN_E_ENTITY_HAS_REFERENCES,
          "endpoint " + e.id() + " is still in namespace " + holder.get());
    }
    SimulatedHcn.delete(endpointStore, fn, e.id());
    endpoints.remove(e.id());
  }

  @Override
  public String enumerateNamespaces(String query) {
    faults.check("EnumerateNamespaces", "HcnEnumerateNamespaces");
    return namespaces.enumerate(query);
  }

  @Override
  public void createNamespace(String id, String settings) {
    faults.check("CreateNamespace", "HcnCreateNamespace");
    namespaces.create(id, settings);
  }

  @Override
  public String queryNamespaceProperties(String id, String query) {
    return namespaces.query(id);
  }

  @Override
  public synchronized void modifyNamespace(String id, String settings) {
    faults.check("ModifyNamespace", "HcnModifyNamespace");
    namespaces.modify(id, settings, endpointId -> endpoints.containsKey(key(endpointId)));
  }

  @Override
  public synchronized void deleteNamespace(String id) {
    faults.check("DeleteNamespace", "HcnDeleteNamespace");
    namespaces.delete(id);
  }

  private HcnNetwork network(String fn, String id) {
    HcnNetwork n = networks.get(key(id));
    if (n == null) {
      throw fail(fn, HResults.HCN_E_NETWORK_NOT_FOUND, "no network " + id);
    }
    return n;
  }

  private HcnEndpoint endpoint(String fn, String id) {
    HcnEndpoint e = endpoints.get(key(id));
    if (e == null) {
      throw fail(fn, HResults.HCN_E_ENDPOINT_NOT_FOUND, "no endpoint " + id);
    }
    return e;
  }

  /**
   * The requested address when valid and free, else the first free one of the subnet; none on a
   * network without a subnet (its addresses would come from DHCP outside HCN).
   */
  private List<HcnIpConfiguration> address(
      String fn, HcnNetwork network, List<HcnIpConfiguration> requested) {
    Ipv4Subnet subnet = subnetOf(network);
    String wanted = requested == null || requested.isEmpty() ? null : requested.get(0).ipAddress();
    if (subnet == null) {
      if (wanted != null) {
        throw fail(fn, HResults.HCN_E_INVALID_IP, "network " + network.name() + " has no subnet");
      }
      return List.of();
    }
    Set<String> used = new java.util.HashSet<>();
    endpoints.values().stream()
        .filter(e -> network.id().equals(e.hostComputeNetwork()) && e.ipConfigurations() != null)
        .forEach(e -> e.ipConfigurations().forEach(c -> used.add(c.ipAddress())));
    gateway(network).ifPresent(used::add);
    if (wanted != null) {
      if (!subnet.contains(wanted) || used.contains(wanted)) {
        throw fail(fn, HResults.HCN_E_ADDR_INVALID_OR_RESERVED, "address " + wanted);
      }
      return List.of(new HcnIpConfiguration(wanted, subnet.prefixLength()));
    }
    String free = subnet.firstFree(used);
    if (free == null) {
      throw fail(fn, HResults.HCN_E_ADDR_INVALID_OR_RESERVED, "subnet " + subnet + " is full");
    }
    return List.of(new HcnIpConfiguration(free, subnet.prefixLength()));
  }

  private static Ipv4Subnet subnetOf(HcnNetwork network) {
    return network.ipams() == null
        ? null
        : network.ipams().stream()
            .filter(i -> i.subnets() != null)
            .flatMap(i -> i.subnets().stream())
            .map(s -> Ipv4Subnet.parse(s.ipAddressPrefix()))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
  }

  private static java.util.Optional<String> gateway(HcnNetwork network) {
    return network.ipams() == null
        ? java.util.Optional.empty()
        : network.ipams().stream()
            .filter(i -> i.subnets() != null)
            .flatMap(i -> i.subnets().stream())
            .filter(s -> s.routes() != null)
            .flatMap(s -> s.routes().stream())
            .map(HcnRoute::nextHop)
            .findFirst();
  }

  private static String macFor(String id) {
    UUID u = UUID.fromString(id);
    long bits = u.getLeastSignificantBits();
    return String.format(
        "00-15-5D-%02X-%02X-%02X", (bits >> 16) & 0xFF, (bits >> 8) & 0xFF, bits & 0xFF);
  }
}
