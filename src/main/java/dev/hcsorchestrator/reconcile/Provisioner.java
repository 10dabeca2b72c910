package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.ListedNetwork;
import dev.hcsorchestrator.host.NetworkRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ensures the resources a spec needs before each incarnation is created: the networks it attaches
 * to (declared ones are made, not owned), then its {@link Dependents}. Every ensure is idempotent,
 * so repeating them per incarnation costs a few queries and repairs what vanished meanwhile.
 */
final class Provisioner {

  private final PassTools tools;
  private final Dependents dependents;

  Provisioner(PassTools tools) {
    this.tools = tools;
    this.dependents = new Dependents(tools);
  }

  void provision(StatusDraft s) {
    boolean first = !s.memory().provisionedBefore();
    s.provisioning();
    DefinitionSpec spec = s.def.spec();
    HostResources resources = tools.resources();
    Set<String> networks = new LinkedHashSet<>();
    for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
      networks.add(a.network());
    }
    List<ListedNetwork> onHost = null;
    for (String name : networks) {
      var declared = tools.definitions().network(name);
      if (declared.isPresent()) {
        var n = declared.get();
        if (onHost == null) {
          onHost = resources.listNetworks();
        }
        requireNoForeignClash(n, onHost);
        resources.ensureNetwork(
            new NetworkRequest(n.name(), n.type().name(), n.subnet(), n.gateway()));
      } else if (!resources.networkExists(name)) {
        throw new Reconciler.TerminalError(
            "Network "
                + name
                + " is neither declared (PUT /api/v1/networks/"
                + name
                + ") nor on the host");
      }
    }
    dependents.ensure(s);
    s.memory().provisioned(s.def.generation());
    s.conditions().set("ResourcesReady", true, "Provisioned", "");
    if (first) {
      s.event(
          EventType.Provisioned,
          "Disks, network endpoints, namespace and scratch volume ready (as the spec needs them)");
    }
  }

  /**
   * A declared network is never resolved to a host network this service did not make: one of the
   * same name, or one whose subnet overlaps the declared subnet, fails every definition using it.
   */
  private void requireNoForeignClash(Network declared, List<ListedNetwork> onHost) {
    String owner = tools.settings().owner();
    for (ListedNetwork n : onHost) {
      if (owner.equals(n.owner())) {
        continue;
      }
      if (declared.name().equals(n.name())) {
        throw new Reconciler.TerminalError(
            "Declared network "
                + declared.name()
                + " has the name of a host network this service did not make; declare it under"
                + " another name, or delete the declaration to use the host's network");
      }
      if (Network.subnetsOverlap(declared.subnet(), n.subnet())) {
        throw new Reconciler.TerminalError(
            "The subnet "
                + declared.subnet()
                + " of declared network "
                + declared.name()
                + " overlaps the subnet "
                + n.subnet()
                + " of host network "
                + (n.name() == null ? n.id() : n.name())
                + ", which this service did not make; declare another subnet");
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
