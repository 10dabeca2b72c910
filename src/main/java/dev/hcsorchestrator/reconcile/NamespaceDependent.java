package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.host.ContainerResources;
import java.util.List;
import java.util.Map;

/**
 * A container's HCN namespace ({@link SystemIds#namespaceId}), its document's {@code
 * Networking.Namespace}: made once the endpoints exist, before the first incarnation, holding every
 * endpoint of the container, kept across incarnations and deleted with the definition (after its
 * endpoints were taken out and deleted). A container without network adapters gets none and runs
 * without network, as hcsshim's hcsoci builds a document with {@code Networking} only when the
 * container has a network; a VM never gets one (its adapters name their endpoints).
 */
final class NamespaceDependent implements Dependents.Dependent<NamespaceDependent.Request> {

  static final String NAMESPACE = "namespace";

  /** The namespace and the endpoints it must hold. */
  record Request(String namespaceId, List<String> endpointIds) {}

  private final ContainerResources containers;

  NamespaceDependent(ContainerResources containers) {
    this.containers = containers;
  }

  private static boolean wanted(StatusDraft s) {
    return s.def.kind() == Kind.Container && !SystemSpecs.adapters(s.def.spec()).isEmpty();
  }

  @Override
  public String kind() {
    return NAMESPACE;
  }

  @Override
  public Map<String, Request> desired(StatusDraft s) {
    if (!wanted(s)) {
      return Map.of();
    }
    String id = SystemIds.namespaceId(s.id);
    List<String> endpoints =
        SystemSpecs.adapters(s.def.spec()).stream()
            .map(a -> SystemIds.endpointId(s.id, a.name()))
            .toList();
    return Map.of(id, new Request(id, endpoints));
  }

  /** Runs after the endpoints are ensured (the dependents' order): each one exists by now. */
  @Override
  public void ensure(StatusDraft s, Request request) {
    containers.ensureNamespace(request.namespaceId());
    for (String endpoint : request.endpointIds()) {
      containers.addNamespaceEndpoint(request.namespaceId(), endpoint);
    }
  }

  /**
   * Takes out whatever it still holds (the endpoints normally left it already), then deletes it.
   */
  @Override
  public void delete(StatusDraft s, String namespaceId) {
    for (String endpoint : containers.namespaceEndpoints(namespaceId)) {
      containers.removeNamespaceEndpoint(namespaceId, endpoint);
    }
    containers.deleteNamespace(namespaceId);
  }
}
