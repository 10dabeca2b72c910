package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionEvent;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A map-backed {@link DefinitionStore} for decision tests, with helpers for what owners change. */
final class InMemoryDefinitions implements DefinitionStore {

  private final Map<UUID, Definition> rows = new ConcurrentHashMap<>();
  private final Map<UUID, List<DefinitionEvent>> events = new ConcurrentHashMap<>();
  private final Map<String, Network> networks = new ConcurrentHashMap<>();
  private final List<UUID> removed = new CopyOnWriteArrayList<>();
  int statusWrites;

  /** The store is unreachable for {@link #ids()} (a resync's first read). */
  volatile boolean failIds;

  /** The store refuses every status write (the database went away mid-pass). */
  volatile boolean failStatusWrites;

  Definition add(DefinitionSpec spec) {
    UUID id = UUID.randomUUID();
    DefinitionSpec withDefaults =
        SpecBuilder.from(spec)
            .desired(spec.desiredState() == null ? DesiredState.Running : spec.desiredState())
            .restart(spec.restartPolicy() == null ? RestartPolicy.Always : spec.restartPolicy())
            .shutdownTimeout(
                spec.shutdownTimeoutSeconds() == null ? 60 : spec.shutdownTimeoutSeconds())
            .hostShutdownAction(
                spec.hostShutdownAction() == null
                    ? HostShutdownAction.defaultFor(spec.kind())
                    : spec.hostShutdownAction())
            .labels(spec.labels() == null ? Map.of() : spec.labels())
            .build();
    Definition d =
        new Definition(
            id,
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            false,
            0,
            0,
            withDefaults,
            DefinitionStatus.pending());
    rows.put(id, d);
    return d;
  }

  /** Assigns the definition to a fleet host, as the scheduler does. */
  void assign(UUID id, String host) {
    rows.computeIfPresent(id, (k, d) -> d.withStatus(d.status().withHost(host)));
  }

  Definition require(UUID id) {
    return rows.get(id);
  }

  void change(UUID id, UnaryOperator<DefinitionSpec> edit) {
    rows.computeIfPresent(
        id,
        (k, d) ->
            new Definition(
                d.id(),
                d.generation() + 1,
                d.createdAt(),
                d.updatedAt(),
                d.deleting(),
                d.startRequests(),
                d.restartRequests(),
                edit.apply(d.spec()),
                d.status()));
  }

  void desired(UUID id, DesiredState state) {
    change(id, s -> s.withDesiredState(state));
  }

  void start(UUID id) {
    rows.computeIfPresent(
        id,
        (k, d) ->
            new Definition(
                d.id(),
                d.spec().desiredState() == DesiredState.Running
                    ? d.generation()
                    : d.generation() + 1,
                d.createdAt(),
                d.updatedAt(),
                d.deleting(),
                d.startRequests() + 1,
                d.restartRequests(),
                d.spec().withDesiredState(DesiredState.Running),
                d.status()));
  }

  void restart(UUID id) {
    rows.computeIfPresent(
        id,
        (k, d) ->
            new Definition(
                d.id(),
                d.generation(),
                d.createdAt(),
                d.updatedAt(),
                d.deleting(),
                d.startRequests(),
                d.restartRequests() + 1,
                d.spec(),
                d.status()));
  }

  void delete(UUID id) {
    rows.computeIfPresent(
        id,
        (k, d) ->
            new Definition(
                d.id(),
                d.generation(),
                d.createdAt(),
                d.updatedAt(),
                true,
                d.startRequests(),
                d.restartRequests(),
                d.spec(),
                d.status()));
  }

  List<EventType> eventTypes(UUID id) {
    return events.getOrDefault(id, List.of()).stream().map(DefinitionEvent::type).toList();
  }

  List<DefinitionEvent> events(UUID id) {
    return List.copyOf(events.getOrDefault(id, List.of()));
  }

  List<String> eventMessages(UUID id, EventType type) {
    return events.getOrDefault(id, List.of()).stream()
        .filter(e -> e.type() == type)
        .map(DefinitionEvent::message)
        .toList();
  }

  boolean wasRemoved(UUID id) {
    return removed.contains(id);
  }

  void declare(Network network) {
    networks.put(network.name(), network);
  }

  @Override
  public Optional<Definition> find(String name) {
    return rows.values().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  @Override
  public Optional<Network> network(String name) {
    return Optional.ofNullable(networks.get(name));
  }

  @Override
  public List<Network> networks() {
    return List.copyOf(networks.values());
  }

  void undeclare(String name) {
    networks.remove(name);
  }

  /** What the reconciler reported of each network (this store is one host's). */
  final Map<String, NetworkOnHost> networkReports = new ConcurrentHashMap<>();

  /** Runs before each network report is stored (a test makes the store slow with it). */
  volatile Consumer<String> beforeNetworkReport = network -> {};

  /** Networks that definitions of other hosts of the fleet use. */
  final Set<String> usedElsewhere = ConcurrentHashMap.newKeySet();

  @Override
  public Set<String> networksInUse() {
    Set<String> names = new java.util.HashSet<>(usedElsewhere);
    for (Definition d : rows.values()) {
      SystemSpecs.adapters(d.spec()).forEach(a -> names.add(a.network()));
    }
    return names;
  }

  @Override
  public void reportNetwork(String network, NetworkOnHost.State state, String message) {
    beforeNetworkReport.accept(network);
    if (state == null) {
      networkReports.remove(network);
    } else {
      networkReports.put(
          network, new NetworkOnHost(network, "local", state, message, Instant.EPOCH));
    }
  }

  @Override
  public List<NetworkOnHost> networkReports() {
    return List.copyOf(networkReports.values());
  }

  // ---- reconciler side ----

  @Override
  public List<UUID> ids() {
    if (failIds) {
      throw new IllegalStateException("database unreachable");
    }
    return List.copyOf(rows.keySet());
  }

  @Override
  public Optional<Definition> get(UUID id) {
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status) {
    if (failStatusWrites) {
      throw new IllegalStateException("database unreachable");
    }
    statusWrites++;
    // as the database store: the host assignment is not the reconciler's to write, it stays
    rows.computeIfPresent(id, (k, d) -> d.withStatus(status.withHost(d.status().host())));
  }

  @Override
  public void recordEvent(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
    events
        .computeIfAbsent(id, k -> new ArrayList<>())
        .add(new DefinitionEvent(Instant.now(), type, message, computeSystemId, incarnation));
  }

  @Override
  public void remove(UUID id) {
    rows.remove(id);
    events.remove(id);
    removed.add(id);
  }
}
