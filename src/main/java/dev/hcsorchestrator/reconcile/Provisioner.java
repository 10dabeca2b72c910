package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.DiskRequest;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.NetworkRequest;
import java.util.LinkedHashSet;
import java.util.Set;

/** Ensures the resources a generation's spec needs before its incarnation is created. */
final class Provisioner {

  private final PassTools tools;

  Provisioner(PassTools tools) {
    this.tools = tools;
  }

  void provision(StatusDraft s) {
    boolean first = s.provisionedGeneration == 0;
    s.phase = Phase.Provisioning;
    DefinitionSpec spec = s.def.spec();
    HostResources resources = tools.resources();
    Set<String> networks = new LinkedHashSet<>();
    for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
      networks.add(a.network());
    }
    for (String name : networks) {
      var declared = tools.definitions().network(name);
      if (declared.isPresent()) {
        var n = declared.get();
        resources.ensureNetwork(
            new NetworkRequest(n.name(), n.type().name(), n.subnet(), n.gateway()));
      } else if (!resources.networkExists(name)) {
        throw new Reconciler.TerminalError(
            "Network " + name + " is neither declared nor on the host");
      }
    }
    for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
      resources.ensureEndpoint(
          new EndpointRequest(
              SystemIds.endpointId(s.id, a.name()),
              s.def.name() + "-" + a.name(),
              a.network(),
              SystemSpecs.macAddress(s.id, a)));
    }
    for (DiskSpec d : SystemSpecs.disks(spec)) {
      if (d.parent() != null) {
        resources.ensureDisk(new DiskRequest(tools.specs().diskPath(s.id, d), d.parent(), 0));
      } else if (d.sizeGB() != null) {
        resources.ensureDisk(
            new DiskRequest(tools.specs().diskPath(s.id, d), null, d.sizeGB().longValue() << 30));
      }
    }
    for (HvSocketSpec h : SystemSpecs.hvSockets(spec)) {
      resources.registerHvSocket(h.serviceId(), h.name());
    }
    s.provisionedGeneration = s.def.generation();
    s.condition("ResourcesReady", true, "Provisioned", "");
    if (first) {
      s.event(EventType.Provisioned, "Disks, network endpoints and socket registrations ready");
    }
  }

  /** Removes what the definition's spec made, once its system is gone. */
  void deprovision(StatusDraft s) {
    DefinitionSpec spec = s.def.spec();
    HostResources resources = tools.resources();
    for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
      resources.deleteEndpoint(SystemIds.endpointId(s.id, a.name()));
    }
    for (HvSocketSpec h : SystemSpecs.hvSockets(spec)) {
      resources.unregisterHvSocket(h.serviceId());
    }
    for (DiskSpec d : SystemSpecs.disks(spec)) {
      if (d.parent() != null || d.sizeGB() != null) {
        resources.deleteDisk(tools.specs().diskPath(s.id, d));
      }
    }
  }
}
