package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import dev.hcsorchestrator.definition.DefinitionPlacements.Unplaced;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One scheduling pass: every definition without a host goes to the first host of its {@link
 * Placement} choice that still has room when the database is asked under that host's row lock; the
 * assignment itself is a conditional update of a row without a host. Every host runs passes, all at
 * once if it comes to that: each definition is still assigned once, and no host past its capacity.
 * A definition that fits nowhere stays Pending and says why.
 */
final class FleetScheduler {

  private enum Outcome {
    ASSIGNED,
    TAKEN,
    NO_ROOM
  }

  private final String self;
  private final HostRows hosts;
  private final DefinitionPlacements placements;
  private final TransactionTemplate tx;

  FleetScheduler(
      String self, HostRows hosts, DefinitionPlacements placements, TransactionTemplate tx) {
    this.self = self;
    this.hosts = hosts;
    this.placements = placements;
    this.tx = tx;
  }

  /** Assigns what can be assigned now; returns how many this pass assigned. */
  int pass() {
    List<Unplaced> waiting = placements.unassigned();
    if (waiting.isEmpty()) {
      return 0;
    }
    int assigned = 0;
    List<Placement.Candidate> candidates = candidates();
    for (Unplaced d : waiting) {
      if (d.deleting()) {
        // Never placed, so nothing to tear down anywhere: this host's reconciler removes it.
        if (tx.execute(s -> placements.assign(d.id(), self, 0, 0))) {
          assigned++;
        }
        continue;
      }
      if (d.started()) {
        // Acted on before hosts were assigned: by the one host the database then had, this one
        // when it takes over that database. Kept here, also past its capacity, so that what runs
        // is adopted and never taken for an orphan.
        if (tx.execute(s -> placements.assign(d.id(), self, d.processors(), d.memoryMb()))) {
          assigned++;
          candidates = withAssigned(candidates, self, d);
        }
        continue;
      }
      Placement.Choice choice = Placement.choose(d, candidates);
      if (choice.hosts().isEmpty()) {
        tx.executeWithoutResult(
            s -> placements.unschedulable(d.id(), "waiting for a host: " + choice.reason()));
        continue;
      }
      for (String host : choice.hosts()) {
        Outcome outcome = tx.execute(s -> assign(d, host));
        if (outcome == Outcome.ASSIGNED) {
          assigned++;
          candidates = withAssigned(candidates, host, d);
        }
        if (outcome != Outcome.NO_ROOM) {
          break;
        }
      }
    }
    return assigned;
  }

  private Outcome assign(Unplaced d, String host) {
    HostRows.Row locked = hosts.lock(host).orElse(null);
    if (locked == null || locked.state() != HostState.Ready) {
      return Outcome.NO_ROOM;
    }
    Allocation now = placements.allocations().getOrDefault(host, Allocation.NONE);
    Placement.Candidate fresh =
        new Placement.Candidate(
            host, locked.labels(), locked.state(), locked.processors(), locked.memoryMb(), now);
    if (!fresh.fits(d)) {
      return Outcome.NO_ROOM;
    }
    return placements.assign(d.id(), host, d.processors(), d.memoryMb())
        ? Outcome.ASSIGNED
        : Outcome.TAKEN;
  }

  /**
   * The candidates after this pass assigned {@code d} to {@code host}: counted here rather than
   * read again, since reading the allocations sums every assigned row (work per assignment that
   * grew with the fleet). What other hosts assign meanwhile shows in the next pass; the check under
   * the host's lock in {@link #assign} decides anyway.
   */
  private static List<Placement.Candidate> withAssigned(
      List<Placement.Candidate> candidates, String host, Unplaced d) {
    return candidates.stream()
        .map(
            c ->
                c.name().equals(host)
                    ? new Placement.Candidate(
                        c.name(),
                        c.labels(),
                        c.state(),
                        c.processors(),
                        c.memoryMb(),
                        new Allocation(
                            c.allocated().processors() + d.processors(),
                            c.allocated().memoryMb() + d.memoryMb(),
                            c.allocated().definitions() + 1))
                    : c)
        .toList();
  }

  private List<Placement.Candidate> candidates() {
    Map<String, Allocation> allocations = placements.allocations();
    return hosts.all().stream()
        .map(
            r ->
                new Placement.Candidate(
                    r.name(),
                    r.labels(),
                    r.state(),
                    r.processors(),
                    r.memoryMb(),
                    allocations.getOrDefault(r.name(), Allocation.NONE)))
        .toList();
  }
}
