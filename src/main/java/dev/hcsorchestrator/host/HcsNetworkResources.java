package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpointAddresses;
import dev.hcsorchestrator.host.hcs.schema.HcnIpConfiguration;
import dev.hcsorchestrator.host.hcs.schema.HcnIpam;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcnQuery;
import dev.hcsorchestrator.host.hcs.schema.HcnRoute;
import dev.hcsorchestrator.host.hcs.schema.HcnSubnet;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/**
 * The network half of {@link HcsHostResources}: HCN networks and endpoints, and the Hyper-V socket
 * registry. Every ensure is idempotent and every delete treats "not found" as done.
 */
final class HcsNetworkResources {

  private final ComputeNetwork network;
  private final HvSocketRegistry sockets;
  private final String owner;
  private final HostOperations operations;

  HcsNetworkResources(
      ComputeNetwork network, HvSocketRegistry sockets, String owner, HostOperations operations) {
    this.network = network;
    this.sockets = sockets;
    this.owner = owner;
    this.operations = operations;
  }

  Endpoint ensureEndpoint(EndpointRequest request) {
    return operations.call(
        "ensure_endpoint",
        null,
        () -> {
          Endpoint existing = endpoint(request.endpointId());
          if (existing != null) {
            return existing;
          }
          String networkId = networkId(request.network());
          if (networkId == null) {
            throw new HostException.NotFound(
                "ensure_endpoint",
                null,
                HResults.HCN_E_NETWORK_NOT_FOUND,
                "no network named " + request.network() + " on the host",
                null);
          }
          HcnEndpoint settings =
              new HcnEndpoint(
                  request.endpointId(),
                  owner,
                  request.name(),
                  networkId,
                  request.macAddress(),
                  request.ipAddress() == null
                      ? null
                      : List.of(new HcnIpConfiguration(request.ipAddress(), null)),
                  null,
                  HcnNetwork.HCN_SCHEMA);
          network.createEndpoint(networkId, request.endpointId(), HcsJson.write(settings));
          Endpoint created = endpoint(request.endpointId());
          if (created == null) {
            throw new HostException.Unavailable(
                "ensure_endpoint",
                null,
                HResults.HCN_E_ENDPOINT_NOT_FOUND,
                "endpoint " + request.endpointId() + " vanished after its creation",
                null);
          }
          return created;
        });
  }

  void deleteEndpoint(String endpointId) {
    operations.run(
        "delete_endpoint",
        null,
        () -> {
          try {
            network.deleteEndpoint(endpointId);
          } catch (HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  Optional<String> endpointAddress(String endpointId) {
    return operations.call(
        "endpoint_address",
        null,
        () -> {
          try {
            HcnEndpointAddresses ep =
                HcsJson.lenient(
                    network.queryEndpointProperties(endpointId, null), HcnEndpointAddresses.class);
            return ep.ipConfigurations() == null
                ? Optional.<String>empty()
                : ep.ipConfigurations().stream()
                    .map(HcnEndpointAddresses.IpConfiguration::ipAddress)
                    .filter(a -> a != null && !a.isBlank())
                    .findFirst();
          } catch (HcsException e) {
            if (notFound(e)) {
              return Optional.<String>empty();
            }
            throw e;
          }
        });
  }

  boolean networkExists(String name) {
    return operations.call("network_exists", null, () -> networkId(name) != null);
  }

  void ensureNetwork(NetworkRequest request) {
    operations.run(
        "ensure_network",
        null,
        () -> {
          if (networkId(request.name()) != null) {
            return;
          }
          List<HcnIpam> ipams =
              request.subnet() == null
                  ? null
                  : List.of(
                      new HcnIpam(
                          "Static",
                          List.of(
                              new HcnSubnet(
                                  request.subnet(),
                                  request.gateway() == null
                                      ? null
                                      : List.of(new HcnRoute(request.gateway(), "0.0.0.0/0"))))));
          String id = networkGuid(request.name());
          HcnNetwork settings =
              new HcnNetwork(
                  id,
                  owner,
                  request.name(),
                  request.type(),
                  ipams,
                  null,
                  null,
                  HcnNetwork.HCN_SCHEMA);
          try {
            network.createNetwork(id, HcsJson.write(settings));
          } catch (HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.HCN_E_NETWORK_ALREADY_EXISTS) {
              throw e;
            }
          }
        });
  }

  void deleteNetwork(String name) {
    operations.run(
        "delete_network",
        null,
        () -> {
          String id = networkId(name);
          if (id == null) {
            return;
          }
          try {
            network.deleteNetwork(id);
          } catch (HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  void unregisterHvSocket(String serviceId) {
    operations.run(
        "unregister_hvsocket",
        null,
        () -> {
          try {
            sockets.unregister(serviceId);
          } catch (HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  /**
   * Every endpoint on the host with its owner and name; one deleted between the enumeration and its
   * query is left out.
   */
  List<ListedEndpoint> listEndpoints() {
    return operations.call(
        "list_endpoints",
        null,
        () -> {
          List<ListedEndpoint> out = new ArrayList<>();
          String all = HcsJson.write(new HcnQuery(HcnNetwork.HCN_SCHEMA, 0, null));
          for (String id : ids(network.enumerateEndpoints(all))) {
            try {
              HcnEndpoint ep =
                  HcsJson.lenient(network.queryEndpointProperties(id, null), HcnEndpoint.class);
              out.add(new ListedEndpoint(id.toLowerCase(Locale.ROOT), ep.owner(), ep.name()));
            } catch (HcsException e) {
              if (!notFound(e)) {
                throw e;
              }
            }
          }
          return out;
        });
  }

  /**
   * Every network on the host with its owner and name; one deleted between the enumeration and its
   * query is left out.
   */
  List<ListedNetwork> listNetworks() {
    return operations.call(
        "list_networks",
        null,
        () -> {
          List<ListedNetwork> out = new ArrayList<>();
          String all = HcsJson.write(new HcnQuery(HcnNetwork.HCN_SCHEMA, 0, null));
          for (String id : ids(network.enumerateNetworks(all))) {
            try {
              HcnNetwork n =
                  HcsJson.lenient(network.queryNetworkProperties(id, null), HcnNetwork.class);
              HcnSubnet subnet =
                  n.ipams() == null
                      ? null
                      : n.ipams().stream()
                          .filter(i -> i.subnets() != null)
                          .flatMap(i -> i.subnets().stream())
                          .findFirst()
                          .orElse(null);
              String gateway =
                  subnet == null || subnet.routes() == null
                      ? null
                      : subnet.routes().stream().map(HcnRoute::nextHop).findFirst().orElse(null);
              out.add(
                  new ListedNetwork(
                      id.toLowerCase(Locale.ROOT),
                      n.owner(),
                      n.name(),
                      n.type(),
                      subnet == null ? null : subnet.ipAddressPrefix(),
                      gateway));
            } catch (HcsException e) {
              if (!notFound(e)) {
                throw e;
              }
            }
          }
          return out;
        });
  }

  /** The endpoint with this id, or null when HCN has none. */
  private Endpoint endpoint(String id) {
    try {
      HcnEndpoint ep =
          HcsJson.lenient(network.queryEndpointProperties(id, null), HcnEndpoint.class);
      String ip =
          ep.ipConfigurations() == null || ep.ipConfigurations().isEmpty()
              ? null
              : ep.ipConfigurations().get(0).ipAddress();
      return new Endpoint(ep.id() != null ? ep.id() : id, ep.macAddress(), ip);
    } catch (HcsException e) {
      if (notFound(e)) {
        return null;
      }
      throw e;
    }
  }

  /** The GUID of the network with this name, or null. */
  private String networkId(String name) {
    String filter = HcsJson.write(Map.of("Name", name));
    return first(
        network.enumerateNetworks(HcsJson.write(new HcnQuery(HcnNetwork.HCN_SCHEMA, 0, filter))));
  }

  private static String first(String json) {
    List<String> ids = ids(json);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** A JSON array of GUIDs as HCN's enumerations return it (empty for a blank answer). */
  static List<String> ids(String json) {
    return json == null || json.isBlank()
        ? List.of()
        : HcsJson.lenientMapper().readValue(json, new TypeReference<List<String>>() {});
  }

  /** A declared network's GUID: derived from its name, so a repeated ensure asks for the same. */
  static String networkGuid(String name) {
    return UUID.nameUUIDFromBytes(("hcs-network:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static boolean notFound(HcsException e) {
    return HResults.isHcnNotFound(e.hresult());
  }
}
