package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The fleet's API for the web: every host of the fleet, and cordoning one. */
@Service
@Transactional
public class Fleet {

  private final HostRows hosts;
  private final DefinitionPlacements placements;

  Fleet(JdbcClient jdbc, DefinitionPlacements placements) {
    this.hosts = new HostRows(jdbc);
    this.placements = placements;
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
