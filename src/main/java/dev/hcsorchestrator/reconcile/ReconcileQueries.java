package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ObservedSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read-only answers for the web module: what the host runs, and the document a definition gets. */
public class ReconcileQueries {

  /** One compute system as the host reports it; {@code definition} null when none claims it. */
  public record ComputeSystemView(
      String id, String owner, String systemType, String state, String definition) {}

  private final DefinitionStore definitions;
  private final ComputeHost host;
  private final Reconciler reconciler;
  private final Inventory inventory;

  ReconcileQueries(
      DefinitionStore definitions, ComputeHost host, Reconciler reconciler, Inventory inventory) {
    this.definitions = definitions;
    this.host = host;
    this.reconciler = reconciler;
    this.inventory = inventory;
  }

  public List<ComputeSystemView> computeSystems() {
    List<ComputeSystemView> out = new ArrayList<>();
    for (ObservedSystem s : host.list()) {
      String name = null;
      if (host.owner().equals(s.owner())) {
        Optional<UUID> owner = inventory.ownerOf(s.id());
        name = owner.flatMap(definitions::get).map(Definition::name).orElse(null);
      }
      out.add(new ComputeSystemView(s.id(), s.owner(), s.type().name(), s.state().name(), name));
    }
    return out;
  }

  /** The HCS document of the current (or next) incarnation; empty if no such definition. */
  public Optional<String> hcsDocument(String name) {
    return definitions.find(name).flatMap(d -> reconciler.document(d.id()));
  }
}
