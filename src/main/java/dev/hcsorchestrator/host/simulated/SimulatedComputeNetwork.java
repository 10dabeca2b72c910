package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnIpam;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcnQuery;
import dev.hcsorchestrator.host.hcs.schema.HcnRoute;
import dev.hcsorchestrator.host.hcs.schema.HcnSubnet;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * computenetwork.dll (HCN) simulated: networks and endpoints kept as files under the simulator
 * directory, answering HCN's HRESULTs. A {@code nat} network exists from the start, as on a Windows
 * host with the Containers feature. An endpoint without a MAC gets one from the Hyper-V range
 * {@code 00-15-5D-xx-xx-xx}, derived from its id.
 */
public final class SimulatedComputeNetwork implements ComputeNetwork {

  /** The id of the simulated host's default {@code nat} network. */
  public static final String NAT_NETWORK_ID = "a1e8c5a2-6f55-4d2b-9a3e-000000000001";

  private static final String GUID = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
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
  private final Map<String, HcnNetwork> networks = new ConcurrentHashMap<>();
  private final Map<String, HcnEndpoint> endpoints = new ConcurrentHashMap<>();

  /**
   * @param dir the simulator directory; networks and endpoints go into sub-folders
   */
  public SimulatedComputeNetwork(Path dir, SimulatorFaults faults) {
    this.faults = faults;
    this.networkStore = new SimulatorStore(dir.resolve("networks"));
    this.endpointStore = new SimulatorStore(dir.resolve("endpoints"));
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
              HcnNetwork.HCN_SCHEMA);
      save(networkStore, "HcnCreateNetwork", nat.id(), nat);
      networks.put(key(nat.id()), nat);
    }
  }

  @Override
  public String enumerateNetworks(String query) {
    Map<String, String> filter = filter("HcnEnumerateNetworks", query);
    List<String> ids = new ArrayList<>();
    for (HcnNetwork n : networks.values()) {
      if (match(filter, "Name", n.name()) && match(filter, "ID", n.id())) {
        ids.add(n.id());
      }
    }
    ids.sort(null);
    return HcsJson.write(ids);
  }

  @Override
  public synchronized void createNetwork(String id, String settings) {
    String fn = "HcnCreateNetwork";
    requireGuid(fn, id);
    HcnNetwork n = parse(fn, settings, HcnNetwork.class);
    if (n.name() == null || n.name().isBlank()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Name is required");
    }
    if (n.type() == null || !TYPES.contains(n.type())) {
      throw fail(fn, HResults.HCN_E_INVALID_NETWORK_TYPE, "network type " + n.type());
    }
    if (networks.containsKey(key(id))
        || networks.values().stream().anyMatch(x -> n.name().equals(x.name()))) {
      throw fail(fn, HResults.HCN_E_NETWORK_ALREADY_EXISTS, "network " + n.name() + " exists");
    }
    HcnNetwork stored =
        new HcnNetwork(
            key(id), n.owner(), n.name(), n.type(), n.ipams(), n.flags(), HcnNetwork.HCN_SCHEMA);
    save(networkStore, fn, stored.id(), stored);
    networks.put(stored.id(), stored);
  }

  @Override
  public String queryNetworkProperties(String id, String query) {
    HcnNetwork n = networks.get(key(id));
    if (n == null) {
      throw fail("HcnOpenNetwork", HResults.HCN_E_NETWORK_NOT_FOUND, "no network " + id);
    }
    return HcsJson.write(n);
  }

  @Override
  public synchronized void deleteNetwork(String id) {
    String fn = "HcnDeleteNetwork";
    HcnNetwork n = networks.get(key(id));
    if (n == null) {
      throw fail(fn, HResults.HCN_E_NETWORK_NOT_FOUND, "no network " + id);
    }
    if (endpoints.values().stream().anyMatch(e -> key(id).equals(e.hostComputeNetwork()))) {
      throw fail(
          fn, HResults.HCN_E_ENTITY_HAS_REFERENCES, "network " + n.name() + " has endpoints");
    }
    delete(networkStore, fn, n.id());
    networks.remove(n.id());
  }

  @Override
  public String enumerateEndpoints(String query) {
    Map<String, String> filter = filter("HcnEnumerateEndpoints", query);
    List<String> ids = new ArrayList<>();
    for (HcnEndpoint e : endpoints.values()) {
      if (match(filter, "Name", e.name())
          && match(filter, "ID", e.id())
          && match(filter, "VirtualNetwork", e.hostComputeNetwork())) {
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
    HcnNetwork n = networks.get(key(networkId));
    if (n == null) {
      throw fail(fn, HResults.HCN_E_NETWORK_NOT_FOUND, "no network " + networkId);
    }
    requireGuid(fn, id);
    HcnEndpoint e = parse(fn, settings, HcnEndpoint.class);
    if (e.macAddress() != null && !e.macAddress().matches(MAC)) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "MacAddress " + e.macAddress());
    }
    if (endpoints.containsKey(key(id))) {
      throw fail(fn, HResults.E_ALREADY_EXISTS, "endpoint " + id + " exists");
    }
    String mac = e.macAddress() != null ? e.macAddress().toUpperCase(Locale.ROOT) : macFor(key(id));
    HcnEndpoint stored =
        new HcnEndpoint(key(id), e.owner(), e.name(), n.id(), mac, HcnNetwork.HCN_SCHEMA);
    save(endpointStore, fn, stored.id(), stored);
    endpoints.put(stored.id(), stored);
  }

  @Override
  public String queryEndpointProperties(String id, String query) {
    HcnEndpoint e = endpoints.get(key(id));
    if (e == null) {
      throw fail("HcnOpenEndpoint", HResults.HCN_E_ENDPOINT_NOT_FOUND, "no endpoint " + id);
    }
    return HcsJson.write(e);
  }

  @Override
  public synchronized void deleteEndpoint(String id) {
    String fn = "HcnDeleteEndpoint";
    HcnEndpoint e = endpoints.get(key(id));
    if (e == null) {
      throw fail(fn, HResults.HCN_E_ENDPOINT_NOT_FOUND, "no endpoint " + id);
    }
    delete(endpointStore, fn, e.id());
    endpoints.remove(e.id());
  }

  private static String macFor(String id) {
    UUID u = UUID.fromString(id);
    long bits = u.getLeastSignificantBits();
    return String.format(
        "00-15-5D-%02X-%02X-%02X", (bits >> 16) & 0xFF, (bits >> 8) & 0xFF, bits & 0xFF);
  }

  private static Map<String, String> filter(String fn, String query) {
    if (query == null || query.isBlank()) {
      return Map.of();
    }
    HcnQuery q = parse(fn, query, HcnQuery.class);
    if (q.filter() == null || q.filter().isBlank()) {
      return Map.of();
    }
    try {
      JsonNode node = HcsJson.strictMapper().readTree(q.filter());
      if (!node.isObject()) {
        throw fail(fn, HResults.HCN_E_INVALID_JSON, "Filter must be a JSON object");
      }
      Map<String, String> out = new java.util.HashMap<>();
      for (var entry : node.properties()) {
        out.put(entry.getKey(), entry.getValue().asString());
      }
      return out;
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Filter: " + e.getOriginalMessage());
    }
  }

  private static boolean match(Map<String, String> filter, String field, String value) {
    String wanted = filter.get(field);
    return wanted == null || wanted.equalsIgnoreCase(value);
  }

  private static <T> T parse(String fn, String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "settings are required");
    }
    try {
      return HcsJson.strict(json, type);
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, e.getOriginalMessage());
    }
  }

  private static void requireGuid(String fn, String id) {
    if (id == null || !id.matches(GUID)) {
      throw fail(fn, HResults.E_INVALIDARG, "not a GUID: " + id);
    }
  }

  private static String key(String id) {
    return id == null ? "" : id.toLowerCase(Locale.ROOT);
  }

  private static void save(SimulatorStore store, String fn, String key, Object value) {
    try {
      store.write(key, value);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, e.toString());
    }
  }

  private static void delete(SimulatorStore store, String fn, String key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, e.toString());
    }
  }

  private static HcsException fail(String fn, int hresult, String message) {
    String record =
        HcsJson.strictMapper()
            .writeValueAsString(
                Map.of(
                    "ErrorCode",
                    Integer.toUnsignedLong(hresult),
                    "Error",
                    message,
                    "Success",
                    false));
    return new HcsException(fn, hresult, message, record);
  }
}
