package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedHcn.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedHcn.key;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.HcnModifyRequest;
import dev.hcsorchestrator.host.hcs.schema.HcnNamespace;
import dev.hcsorchestrator.host.hcs.schema.HcnNamespaceResource;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * HCN namespaces simulated (network compartments a process-isolated container joins), kept as
 * files. An endpoint belongs to at most one namespace; a namespace that still holds endpoints
 * cannot be deleted, nor an endpoint still in a namespace, so the only teardown that works is the
 * one hcsshim does: remove each endpoint from the namespace, delete the endpoints, then the
 * namespace. A missing namespace is {@code ERROR_NOT_FOUND} (0x80070490), as hcsshim expects.
 */
final class SimulatedNamespaces {

  private static final Set<String> TYPES = Set.of("Host", "HostDefault", "Guest", "GuestDefault");
  private static final String ENDPOINT = "Endpoint";

  private final SimulatorStore store;
  private final Map<String, HcnNamespace> namespaces = new ConcurrentHashMap<>();

  SimulatedNamespaces(Path dir) {
    this.store = new SimulatorStore(dir);
    store.load(HcnNamespace.class).forEach(n -> namespaces.put(key(n.id()), n));
  }

  String enumerate(String query) {
    Map<String, String> filter = SimulatedHcn.filter("HcnEnumerateNamespaces", query);
    List<String> ids = new ArrayList<>();
    for (HcnNamespace n : namespaces.values()) {
      if (SimulatedHcn.match(filter, "ID", n.id())) {
        ids.add(n.id());
      }
    }
    ids.sort(null);
    return HcsJson.write(ids);
  }

  synchronized void create(String id, String settings) {
    String fn = "HcnCreateNamespace";
    SimulatedHcn.requireGuid(fn, id);
    HcnNamespace n = SimulatedHcn.parse(fn, settings, HcnNamespace.class);
    String type = n.type() == null ? "Host" : n.type();
    if (!TYPES.contains(type)) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "namespace type " + type);
    }
    if (n.resources() != null && !n.resources().isEmpty()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Resources are read-only");
    }
    if (namespaces.containsKey(key(id))) {
      throw fail(fn, HResults.E_ALREADY_EXISTS, "namespace " + id + " exists");
    }
    put(fn, new HcnNamespace(key(id), type, List.of(), HcnNetwork.HCN_SCHEMA));
  }

  String query(String id) {
    return HcsJson.write(get("HcnOpenNamespace", id));
  }

  /** Adds or removes an endpoint; {@code endpointExists} answers for ids HCN knows. */
  synchronized void modify(String id, String settings, Predicate<String> endpointExists) {
    String fn = "HcnModifyNamespace";
    HcnNamespace n = get("HcnOpenNamespace", id);
    HcnModifyRequest request = SimulatedHcn.modifyRequest(fn, settings, Set.of(ENDPOINT));
    String endpoint = key(request.settings().path("EndpointId").asString(""));
    SimulatedHcn.requireGuid(fn, endpoint);
    List<HcnNamespaceResource> resources = new ArrayList<>(n.resources());
    boolean present = resources.stream().anyMatch(r -> endpoint.equals(key(r.data().id())));
    switch (request.requestType()) {
      case "Add" -> {
        if (!endpointExists.test(endpoint)) {
          throw fail(fn, HResults.HCN_E_ENDPOINT_NOT_FOUND, "no endpoint " + endpoint);
        }
        Optional<String> other = namespaceOf(endpoint);
        if (other.isPresent()) {
          throw fail(
              fn,
              HResults.HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS,
              "endpoint " + endpoint + " is in namespace " + other.get());
        }
        resources.add(new HcnNamespaceResource(ENDPOINT, new HcnNamespaceResource.Data(endpoint)));
      }
      case "Remove" -> {
        if (!present) {
          throw fail(
              fn, HResults.HCN_E_ENDPOINT_NOT_ATTACHED, "endpoint " + endpoint + " not attached");
        }
        resources.removeIf(r -> endpoint.equals(key(r.data().id())));
      }
      default ->
          throw fail(
              fn, HResults.HCN_E_REQUEST_UNSUPPORTED, "RequestType " + request.requestType());
    }
    put(fn, new HcnNamespace(n.id(), n.type(), List.copyOf(resources), n.schemaVersion()));
  }

  synchronized void delete(String id) {
    String fn = "HcnDeleteNamespace";
    HcnNamespace n = get(fn, id);
    if (!n.resources().isEmpty()) {
      throw fail(
          fn,
          HResults.HCN_E_ENTITY_HAS_REFERENCES,
          "namespace " + n.id() + " still holds " + n.resources().size() + " endpoint(s)");
    }
    SimulatedHcn.delete(store, fn, n.id());
    namespaces.remove(n.id());
  }

  /** The namespace holding this endpoint, if any. */
  Optional<String> namespaceOf(String endpointId) {
    String wanted = key(endpointId);
    return namespaces.values().stream()
        .filter(n -> n.resources().stream().anyMatch(r -> wanted.equals(key(r.data().id()))))
        .map(HcnNamespace::id)
        .findFirst();
  }

  private HcnNamespace get(String fn, String id) {
    HcnNamespace n = namespaces.get(key(id));
    if (n == null) {
      throw fail(fn, HResults.E_NOT_FOUND, "no namespace " + id);
    }
    return n;
  }

  private void put(String fn, HcnNamespace n) {
    SimulatedHcn.save(store, fn, n.id(), n);
    namespaces.put(n.id(), n);
  }
}
