package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import dev.hcsorchestrator.definition.NewEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reconciler's view of the store: only the definitions assigned to this host. Whatever is not
 * (unassigned, or another host's) reads as absent, so this host's reconciler neither acts on it nor
 * claims its resources, and the orphan sweep terminates a system of it. While the host is fenced,
 * its failover definitions read as absent too; while it drains, those moving away read as desired
 * {@code Stopped}, so they stop gracefully here first. Writes go through, a status only while the
 * definition is still assigned here.
 */
final class AssignedDefinitions implements DefinitionStore {

  private final DefinitionStore all;
  private final String self;
  private volatile boolean fenced;
  private volatile Set<UUID> stopping = Set.of();
  private final Set<UUID> failoverShown = ConcurrentHashMap.newKeySet();

  AssignedDefinitions(DefinitionStore all, String self) {
    this.all = all;
    this.self = self;
  }

  /** While fenced, failover definitions are not this host's to run. */
  void fenced(boolean fenced) {
    this.fenced = fenced;
  }

  boolean fenced() {
    return fenced;
  }

  /** The definitions a drain moves away: stopped here before they are released. */
  void stopping(Set<UUID> ids) {
    this.stopping = Set.copyOf(ids);
  }

  private boolean mine(Definition d) {
    return self.equals(d.status().host()) && !(fenced && d.spec().failsOver());
  }

  private Definition shown(Definition d) {
    if (!stopping.contains(d.id())) {
      return d;
    }
    return new Definition(
        d.id(),
        d.generation(),
        d.createdAt(),
        d.updatedAt(),
        d.deleting(),
        d.startRequests(),
        d.restartRequests(),
        d.spec().withDesiredState(DesiredState.Stopped),
        d.status());
  }

  @Override
  public List<UUID> ids() {
    // what the reconciler is shown is decided by its own read of each id (get), not by this list
    return all.ids().stream().filter(id -> all.get(id).filter(this::mine).isPresent()).toList();
  }

  @Override
  public List<UUID> storedIds() {
    return all.storedIds();
  }

  @Override
  public Optional<Definition> get(UUID id) {
    Optional<Definition> found = all.get(id).filter(this::mine);
    if (!fenced) {
      // what the reconciler runs of failover definitions, known without the database: a fence
      // names these, whatever the last assignment check saw
      if (found.isPresent() && found.get().spec().failsOver()) {
        failoverShown.add(id);
      } else if (!failoverShown.isEmpty()) {
        failoverShown.remove(id);
      }
    }
    return found.map(this::shown);
  }

  /** The failover definitions the reconciler was last shown as this host's. */
  Set<UUID> failoverShown() {
    return Set.copyOf(failoverShown);
  }

  @Override
  public Optional<Definition> find(String name) {
    return all.find(name);
  }

  @Override
  public List<Network> networks() {
    return all.networks();
  }

  @Override
  public Optional<Network> network(String name) {
    return all.network(name);
  }

  @Override
  public Set<String> networksInUse() {
    return all.networksInUse();
  }

  @Override
  public void reportNetwork(String network, NetworkOnHost.State state, String message) {
    all.reportNetwork(network, state, message);
  }

  @Override
  public List<NetworkOnHost> networkReports() {
    return all.networkReports();
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status) {
    all.updateStatusAssigned(id, status, List.of(), self);
  }

  @Override
  public void recordEvent(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
    all.recordEvent(id, type, message, computeSystemId, incarnation);
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status, List<NewEvent> events) {
    all.updateStatusAssigned(id, status, events, self);
  }

  @Override
  public void remove(UUID id) {
    all.remove(id);
  }
}
