package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionPlacements.Allocation;
import dev.hcsorchestrator.definition.DefinitionPlacements.Unplaced;
import dev.hcsorchestrator.definition.PlacementSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static Placement.Candidate host(
      String name, String rack, HostState state, long usedProcessors, long usedMemory) {
    return new Placement.Candidate(
        name, Map.of("rack", rack), state, 8, 16384, new Allocation(usedProcessors, usedMemory, 1));
  }

  private static Unplaced asking(int processors, long memory, PlacementSpec placement) {
    return new Unplaced(UUID.randomUUID(), "d", processors, memory, placement, false, null);
  }

  @Test
  void theLeastAllocatedHostThatFitsComesFirst() {
    List<Placement.Candidate> hosts =
        List.of(
            host("busy", "a", HostState.Ready, 6, 2048),
            host("idle", "a", HostState.Ready, 1, 1024),
            host("full", "a", HostState.Ready, 8, 0));
    assertThat(Placement.choose(asking(2, 1024, null), hosts).hosts())
        .containsExactly("idle", "busy");
  }

  @Test
  void memoryCountsAsMuchAsProcessors() {
    List<Placement.Candidate> hosts =
        List.of(
            host("memory-bound", "a", HostState.Ready, 0, 16000),
            host("other", "a", HostState.Ready, 4, 0));
    assertThat(Placement.choose(asking(1, 1024, null), hosts).hosts()).containsExactly("other");
  }

  @Test
  void onlyReadyMatchingHostsAreChosen() {
    List<Placement.Candidate> hosts =
        List.of(
            host("a1", "a", HostState.Cordoned, 0, 0),
            host("a2", "a", HostState.Lost, 0, 0),
            host("b1", "b", HostState.Ready, 0, 0));
    PlacementSpec rackA = new PlacementSpec(null, Map.of("rack", "a"));
    Placement.Choice none = Placement.choose(asking(1, 512, rackA), hosts);
    assertThat(none.hosts()).isEmpty();
    assertThat(none.reason()).contains("a1 is Cordoned", "a2 is Lost");
    assertThat(Placement.choose(asking(1, 512, new PlacementSpec("b1", null)), hosts).hosts())
        .containsExactly("b1");
    assertThat(Placement.choose(asking(1, 512, new PlacementSpec("zz", null)), hosts).reason())
        .contains("no host matches the placement host zz");
  }

  @Test
  void whatFitsNowhereSaysWhatItAskedAndWhatIsFree() {
    List<Placement.Candidate> hosts = List.of(host("h", "a", HostState.Ready, 2, 4096));
    Placement.Choice choice = Placement.choose(asking(240, 12582912, null), hosts);
    assertThat(choice.hosts()).isEmpty();
    assertThat(choice.reason())
        .contains("240 processors", "12582912 MB", "(h) has 6 processors and 12288 MB free");
  }

  @Test
  void exactlyFullIsStillAFit() {
    List<Placement.Candidate> hosts = List.of(host("h", "a", HostState.Ready, 6, 8192));
    assertThat(Placement.choose(asking(2, 8192, null), hosts).hosts()).containsExactly("h");
    assertThat(Placement.choose(asking(3, 8192, null), hosts).hosts()).isEmpty();
  }
}
