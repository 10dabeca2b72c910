package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import dev.hcsorchestrator.definition.DefinitionPlacements.Unplaced;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One scheduling pass: every definition without a host goes to the first host of its {@link
 * Placement} choice that still has room when the database is asked under that host's row lock; the
 * assignment itself is a conditional update of a row without a host. Every host runs passes, all at
 * once if it comes to that: each definition is still assigned once, and no host past its capacity.
 * A definition that fits nowhere stays Pending and says why.
 *
 * <p>The pass decides in memory, then commits per host in batches: one row lock and one read of the
 * host's reservation sums per batch rather than per definition. The sums are kept beside the
 * assignments ({@link DefinitionPlacements#allocation}), so no read adds up the assigned rows.
 */
final class FleetScheduler {

  /** Assignments committed under one lock of a host's row. */
  static final int BATCH = 256;

  private record Planned(Unplaced d, List<String> hosts) {}

  private record Committed(int assigned, List<Planned> noRoom) {}

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
    Map<String, List<Planned>> planned = new LinkedHashMap<>();
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
      String first = choice.hosts().get(0);
      planned.computeIfAbsent(first, k -> new ArrayList<>()).add(new Planned(d, choice.hosts()));
      candidates = withAssigned(candidates, first, d);
    }
    List<Planned> noRoom = new ArrayList<>();
    for (Map.Entry<String, List<Planned>> e : planned.entrySet()) {
      List<Planned> all = e.getValue();
      for (int i = 0; i < all.size(); i += BATCH) {
        List<Planned> batch = all.subList(i, Math.min(all.size(), i + BATCH));
        Committed c = tx.execute(s -> assignAll(e.getKey(), batch));
        assigned += c.assigned();
        noRoom.addAll(c.noRoom());
      }
    }
    // What another host's assignments left no room for on its first choice tries the others.
    for (Planned p : noRoom) {
      for (String host : p.hosts().subList(1, p.hosts().size())) {
        Outcome outcome = tx.execute(s -> assign(p.d(), host));
        if (outcome == Outcome.ASSIGNED) {
          assigned++;
        }
        if (outcome != Outcome.NO_ROOM) {
          break;
        }
      }
    }
    return assigned;
  }

  private Committed assignAll(String host, List<Planned> batch) {
    HostRows.Row locked = hosts.lock(host).orElse(null);
    if (locked == null || locked.state() != HostState.Ready) {
      return new Committed(0, batch);
    }
    Allocation now = placements.allocation(host);
    int assigned = 0;
    List<Planned> noRoom = new ArrayList<>();
    for (Planned p : batch) {
      Unplaced d = p.d();
      if (!candidate(locked, now).fits(d)) {
        noRoom.add(p);
      } else if (placements.assign(d.id(), host, d.processors(), d.memoryMb())) {
        assigned++;
        now = plus(now, d);
      }
    }
    return new Committed(assigned, noRoom);
  }

  private Outcome assign(Unplaced d, String host) {
    HostRows.Row locked = hosts.lock(host).orElse(null);
    if (locked == null || locked.state() != HostState.Ready) {
      return Outcome.NO_ROOM;
    }
    Placement.Candidate fresh = candidate(locked, placements.allocation(host));
    if (!fresh.fits(d)) {
      return Outcome.NO_ROOM;
    }
    return placements.assign(d.id(), host, d.processors(), d.memoryMb())
        ? Outcome.ASSIGNED
        : Outcome.TAKEN;
  }

  /**
   * The candidates after this pass assigned {@code d} to {@code host}: counted here rather than
   * read again. What other hosts assign meanwhile shows in the next pass; the check under the
   * host's lock in {@link #assign} decides anyway.
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
                        plus(c.allocated(), d))
                    : c)
        .toList();
  }

  private static Placement.Candidate candidate(HostRows.Row locked, Allocation allocated) {
    return new Placement.Candidate(
        locked.name(),
        locked.labels(),
        locked.state(),
        locked.processors(),
        locked.memoryMb(),
        allocated);
  }

  private static Allocation plus(Allocation a, Unplaced d) {
    return new Allocation(
        a.processors() + d.processors(), a.memoryMb() + d.memoryMb(), a.definitions() + 1);
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
