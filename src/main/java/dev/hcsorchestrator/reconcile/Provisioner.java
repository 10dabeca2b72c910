package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.ListedNetwork;
import dev.hcsorchestrator.host.NetworkRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Ensures the resources a spec needs before each incarnation is created: the networks it attaches
 * to (declared ones are made, not owned), then its {@link Dependents}. Every ensure is idempotent,
 * so repeating them per incarnation costs a few queries and repairs what vanished meanwhile.
 */
final class Provisioner {

  private final PassTools tools;
  private final Dependents dependents;
  private final NetworkReports reports;

  Provisioner(PassTools tools, NetworkReports reports) {
    this.tools = tools;
    this.dependents = new Dependents(tools);
    this.reports = reports;
  }

  void provision(StatusDraft s) {
    boolean first = !s.memory().provisionedBefore();
    s.provisioning();
    DefinitionSpec spec = s.def.spec();
    Set<String> networks = new LinkedHashSet<>();
    for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
      networks.add(a.network());
    }
    // held until the endpoints exist: the sweep removes no network meanwhile
    Lock attaching = networks.isEmpty() ? null : reports.attaching();
    if (attaching != null) {
      attaching.lock();
    }
    try {
      ensureNetworks(networks);
      dependents.ensure(s);
    } finally {
      if (attaching != null) {
        attaching.unlock();
      }
    }
    s.memory().provisioned(s.def.generation());
    s.conditions().set("ResourcesReady", true, "Provisioned", "");
    if (first) {
      s.event(
          EventType.Provisioned,
          "Disks, network endpoints, namespace and scratch volume ready (as the spec needs them)");
    }
  }

  /**
   * Declared networks are made unless this host has them; a declared network is never resolved to a
   * host network this service did not make (one of the same name, or one whose subnet overlaps):
   * that fails every definition using it and is reported on the network.
   */
  private void ensureNetworks(Set<String> networks) {
    HostResources resources = tools.resources();
    List<ListedNetwork> onHost = null;
    for (String name : networks) {
      var declared = tools.definitions().network(name);
      if (declared.isPresent()) {
        var n = declared.get();
        if (onHost == null) {
          onHost = resources.listNetworks();
        }
        Optional<String> clash = NetworkReports.foreignClash(n, onHost, tools.settings().owner());
        if (clash.isPresent()) {
          reports.failed(name, clash.get());
          throw new Reconciler.TerminalError(clash.get());
        }
        resources.ensureNetwork(
            new NetworkRequest(n.name(), n.type().name(), n.subnet(), n.gateway()));
        reports.ready(name);
      } else if (!resources.networkExists(name)) {
        throw new Reconciler.TerminalError(
            "Network "
                + name
                + " is neither declared (PUT /api/v1/networks/"
                + name
                + ") nor on the host");
      }
    }
  }

  /** Removes what the service made for the definition, once its system is gone. */
  void deprovision(StatusDraft s) {
    dependents.deleteAll(s);
  }

  /** Unmounts what only the system that is gone used (a container's scratch volume). */
  void release(StatusDraft s) {
    dependents.release(s);
  }

  /** Deletes what the spec no longer wants, once the current incarnation runs without it. */
  void prune(StatusDraft s) {
    dependents.prune(s);
  }

  /** See {@link Dependents#adopt}. */
  void adopt(StatusDraft s) {
    dependents.adopt(s);
  }
}
