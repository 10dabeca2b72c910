package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.Endpoint;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostResources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HCN endpoint per network adapter, with an id and a MAC derived from the definition and the
 * adapter name. The IP address HCN assigned is remembered ({@link StatusDraft#endpointAddresses})
 * and asked for again when the endpoint must be made again (deleted behind the service's back), so
 * an adapter keeps MAC and IP across incarnations. A container's endpoint is taken out of its
 * namespace before it is deleted.
 */
final class EndpointDependent implements Dependents.Dependent<EndpointRequest> {

  private final HostResources resources;
  private final ContainerResources containers;

  EndpointDependent(HostResources resources, ContainerResources containers) {
    this.resources = resources;
    this.containers = containers;
  }

  @Override
  public String kind() {
    return Dependents.ENDPOINT;
  }

  @Override
  public Map<String, EndpointRequest> desired(StatusDraft s) {
    Map<String, EndpointRequest> want = new LinkedHashMap<>();
    for (NetworkAdapterSpec a : SystemSpecs.adapters(s.def.spec())) {
      String endpointId = SystemIds.endpointId(s.id, a.name());
      want.put(
          endpointId,
          new EndpointRequest(
              endpointId,
              s.def.name() + "-" + a.name(),
              a.network(),
              SystemSpecs.macAddress(s.id, a),
              s.memory().address(endpointId)));
    }
    return want;
  }

  @Override
  public void ensure(StatusDraft s, EndpointRequest request) {
    Endpoint made = resources.ensureEndpoint(request);
    if (made.ipAddress() != null) { // none on a network without subnet
      s.memory().addressGiven(request.endpointId(), made.ipAddress());
    }
  }

  @Override
  public void delete(StatusDraft s, String endpointId) {
    String namespaceId = SystemIds.namespaceId(s.id);
    if (s.memory().keys(NamespaceDependent.NAMESPACE).contains(namespaceId)) {
      containers.removeNamespaceEndpoint(namespaceId, endpointId);
    }
    resources.deleteEndpoint(endpointId);
    s.memory().addressGone(endpointId);
  }
}
