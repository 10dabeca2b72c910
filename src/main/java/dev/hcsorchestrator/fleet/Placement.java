package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import dev.hcsorchestrator.definition.DefinitionPlacements.Unplaced;
import dev.hcsorchestrator.definition.PlacementSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where a definition may go: the Ready hosts its placement matches and where its processors and
 * memory fit beside what is allocated, least-allocated first. Plain Java: the scheduler decides
 * with it and the database then confirms under the chosen host's lock.
 */
final class Placement {

  /** A host as the scheduler sees it. */
  record Candidate(
      String name,
      Map<String, String> labels,
      HostState state,
      long processors,
      long memoryMb,
      Allocation allocated) {

    boolean fits(Unplaced d) {
      return allocated.processors() + d.processors() <= processors
          && allocated.memoryMb() + d.memoryMb() <= memoryMb;
    }

    /** The larger of the two shares in use: the host's load for "least allocated". */
    double load() {
      double p = processors == 0 ? 1 : (double) allocated.processors() / processors;
      double m = memoryMb == 0 ? 1 : (double) allocated.memoryMb() / memoryMb;
      return Math.max(p, m);
    }
  }

  /** The answer: the hosts to try in order, or why there is none. */
  record Choice(List<String> hosts, String reason) {}

  private Placement() {}

  static boolean matches(PlacementSpec placement, Candidate host) {
    if (placement == null) {
      return true;
    }
    if (placement.host() != null) {
      return placement.host().equals(host.name());
    }
    return placement.hostLabels() == null
        || placement.hostLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(host.labels().get(e.getKey())));
  }

  static Choice choose(Unplaced d, List<Candidate> hosts) {
    List<Candidate> matching = hosts.stream().filter(h -> matches(d.placement(), h)).toList();
    if (matching.isEmpty()) {
      return new Choice(List.of(), "no host matches the placement " + describe(d.placement()));
    }
    List<Candidate> ready = matching.stream().filter(h -> h.state() == HostState.Ready).toList();
    if (ready.isEmpty()) {
      return new Choice(
          List.of(),
          "no Ready host matches the placement ("
              + String.join(
                  ", ", matching.stream().map(h -> h.name() + " is " + h.state()).toList())
              + ")");
    }
    List<Candidate> fitting = new ArrayList<>(ready.stream().filter(h -> h.fits(d)).toList());
    if (fitting.isEmpty()) {
      Candidate roomiest =
          ready.stream()
              .max(Comparator.comparingLong(h -> h.processors() - h.allocated().processors()))
              .orElseThrow();
      return new Choice(
          List.of(),
          "fits on no host: it asks for "
              + d.processors()
              + " processors and "
              + d.memoryMb()
              + " MB; the roomiest Ready host ("
              + roomiest.name()
              + ") has "
              + Math.max(0, roomiest.processors() - roomiest.allocated().processors())
              + " processors and "
              + Math.max(0, roomiest.memoryMb() - roomiest.allocated().memoryMb())
              + " MB free");
    }
    fitting.sort(Comparator.comparingDouble(Candidate::load).thenComparing(Candidate::name));
    return new Choice(fitting.stream().map(Candidate::name).toList(), null);
  }

  private static String describe(PlacementSpec p) {
    return p.host() != null ? "host " + p.host() : "hostLabels " + p.hostLabels();
  }
}
