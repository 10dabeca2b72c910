package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.PlacementSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fleet's API for the web: every host of the fleet, cordoning and draining one, and how a
 * definition of a lost host is shown.
 */
@Service
@Transactional
public class Fleet {

  /** A short memory of which hosts are lost, so that a page of definitions asks once. */
  private static final long LOST_FOR_NANOS = 1_000_000_000L;

  private final HostRows hosts;
  private final DefinitionPlacements placements;
  private final DefinitionStore store;
  private volatile Lost lost = new Lost(Map.of(), System.nanoTime() - 2 * LOST_FOR_NANOS);

  private record Lost(Map<String, Instant> hosts, long readAt) {}

  /**
   * The answer of a drain.
   *
   * @param moving failover definitions that move to other hosts, one at a time
   * @param staying the others, each with why it stays
   */
  public record Drain(List<String> moving, List<Staying> staying) {

    /** A definition that stays on the drained host. */
    public record Staying(String name, String reason) {}
  }

  Fleet(
      JdbcClient jdbc,
      DefinitionPlacements placements,
      @Qualifier(FleetConfiguration.PLAIN_STORE) DefinitionStore store) {
    this.hosts = new HostRows(jdbc);
    this.placements = placements;
    this.store = store;
  }

  /**
   * Cordons the host and moves its failover definitions away (stopped there, started on other
   * hosts); empty if there is no such host.
   */
  public Optional<Drain> drain(String name) {
    if (!hosts.setDraining(name)) {
      return Optional.empty();
    }
    List<String> moving = new ArrayList<>();
    List<Drain.Staying> staying = new ArrayList<>();
    for (UUID id : placements.assignedTo(name).keySet()) {
      Definition d = store.get(id).orElse(null);
      if (d == null) {
        continue;
      }
      PlacementSpec p = d.spec().placement();
      if (!d.spec().failsOver()) {
        staying.add(new Drain.Staying(d.name(), "failover is false: it runs only on " + name));
      } else if (p != null && name.equals(p.host())) {
        staying.add(new Drain.Staying(d.name(), "placement.host is " + name));
      } else {
        moving.add(d.name());
      }
    }
    moving.sort(null);
    staying.sort(Comparator.comparing(Drain.Staying::name));
    return Optional.of(new Drain(moving, staying));
  }

  /**
   * The definition as the API shows it: on a host that is lost, phase {@code Unknown} with a
   * message (nothing recorded: its host's reconciler records again when it returns).
   */
  @Transactional(readOnly = true)
  public Definition shown(Definition d) {
    String host = d.status().host();
    if (host == null) {
      return d;
    }
    Instant expired = lostHosts().get(host);
    if (expired == null) {
      return d;
    }
    String message =
        "host "
            + host
            + " is Lost: its lease ran out at "
            + expired
            + (d.spec().failsOver()
                ? "; the definition moves to another host once that is failover-after ago"
                : "; the definition runs again when the host returns");
    DefinitionStatus s = d.status();
    return d.withStatus(
        new DefinitionStatus(
            Phase.Unknown,
            s.observedGeneration(),
            s.computeSystemId(),
            s.incarnation(),
            s.restartCount(),
            s.lastExit(),
            s.nextRetryAt(),
            message,
            s.conditions(),
            s.memo(),
            host));
  }

  private Map<String, Instant> lostHosts() {
    Lost known = lost;
    long now = System.nanoTime();
    if (now - known.readAt() < LOST_FOR_NANOS) {
      return known.hosts();
    }
    Map<String, Instant> found = new HashMap<>();
    for (HostRows.Row r : hosts.all()) {
      if (r.state() == HostState.Lost) {
        found.put(r.name(), r.leaseExpiresAt());
      }
    }
    lost = new Lost(Map.copyOf(found), now);
    return found;
  }

  /** Every host, by name. */
  @Transactional(readOnly = true)
  public List<FleetHost> hosts() {
    Map<String, Allocation> allocations = placements.allocations();
    return hosts.all().stream().map(r -> view(r, allocations)).toList();
  }

  @Transactional(readOnly = true)
  public Optional<FleetHost> host(String name) {
    return hosts.find(name).map(r -> view(r, placements.allocations()));
  }

  /** No new assignments to the host (or again, with {@code false}); empty if there is none. */
  public Optional<FleetHost> cordon(String name, boolean cordoned) {
    if (!hosts.setCordoned(name, cordoned)) {
      return Optional.empty();
    }
    return host(name);
  }

  private static FleetHost view(HostRows.Row r, Map<String, Allocation> allocations) {
    Allocation a = allocations.getOrDefault(r.name(), Allocation.NONE);
    return new FleetHost(
        r.name(),
        r.labels(),
        r.state(),
        r.leaseExpiresAt(),
        new FleetHost.Resources(r.processors(), r.memoryMb()),
        new FleetHost.Resources(a.processors(), a.memoryMb()),
        a.definitions(),
        r.version());
  }
}
