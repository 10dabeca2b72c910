package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the reconciler keeps in memory: owners of system ids, phases, gauges. */
class InventoryTest {

  Inventory inventory = new Inventory();
  UUID a = UUID.randomUUID();
  UUID b = UUID.randomUUID();

  @Test
  void aRecordedDefinitionOwnsItsCurrentSystem() {
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a1");

    assertThat(inventory.ownerOf("sys-a1")).contains(a);
    assertThat(inventory.currentSystem(a)).contains("sys-a1");
    assertThat(inventory.phaseOf(a)).isEqualTo(Phase.Running);
    assertThat(inventory.isCurrent("sys-a1")).isTrue();
    assertThat(inventory.size()).isEqualTo(1);
  }

  @Test
  void aDefinitionWithoutASystemOwnsNoneAndHasNoCurrentOne() {
    inventory.record(a, Kind.Container, Phase.Pending, null);

    assertThat(inventory.currentSystem(a)).isEmpty();
    assertThat(inventory.phaseOf(a)).isEqualTo(Phase.Pending);
    assertThat(inventory.ownerOf("null")).isEmpty();
    assertThat(inventory.size()).isEqualTo(1);
  }

  @Test
  void anUnknownDefinitionHasNoPhaseAndNoSystem() {
    assertThat(inventory.phaseOf(a)).isNull();
    assertThat(inventory.currentSystem(a)).isEmpty();
    assertThat(inventory.ownerOf("sys")).isEmpty();
    assertThat(inventory.isCurrent("sys")).isFalse();
    assertThat(inventory.size()).isZero();
  }

  @Test
  void aClaimedIdBelongsToItsDefinitionButIsNotCurrentUntilRecorded() {
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a1");
    inventory.claim(a, "sys-a2");

    assertThat(inventory.ownerOf("sys-a2")).contains(a);
    assertThat(inventory.isCurrent("sys-a2")).isFalse();
    assertThat(inventory.isCurrent("sys-a1")).isTrue();

    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a2");

    assertThat(inventory.isCurrent("sys-a2")).isTrue();
    assertThat(inventory.isCurrent("sys-a1")).as("the older incarnation").isFalse();
    assertThat(inventory.ownerOf("sys-a1")).as("still known as ours").contains(a);
  }

  @Test
  void aClaimOfADefinitionNotRecordedIsNotCurrent() {
    inventory.claim(a, "sys-a1");

    assertThat(inventory.ownerOf("sys-a1")).contains(a);
    assertThat(inventory.isCurrent("sys-a1")).isFalse();
  }

  @Test
  void forgettingADefinitionDropsEverySystemItOwnedAndNoOther() {
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a2");
    inventory.claim(a, "sys-a1");
    inventory.record(b, Kind.VirtualMachine, Phase.Running, "sys-b1");
    inventory.systemState("sys-a2", SystemState.Running);
    inventory.systemState("sys-b1", SystemState.Running);
    inventory.firstSight("sys-a2");

    inventory.forget(a);

    assertThat(inventory.ownerOf("sys-a1")).isEmpty();
    assertThat(inventory.ownerOf("sys-a2")).isEmpty();
    assertThat(inventory.phaseOf(a)).isNull();
    assertThat(inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
    assertThat(inventory.firstSight("sys-a2")).as("seen again as new").isTrue();
    assertThat(inventory.ownerOf("sys-b1")).contains(b);
    assertThat(inventory.size()).isEqualTo(1);
  }

  @Test
  void forgettingADefinitionDropsItsCurrentSystemEvenIfAnotherClaimedTheId() {
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-x");
    inventory.claim(b, "sys-x"); // the id's owner is now b; a's entry still names it
    inventory.systemState("sys-x", SystemState.Running);

    inventory.forget(a);

    assertThat(inventory.ownerOf("sys-x")).isEmpty();
    assertThat(inventory.systemStates()).isEmpty();
  }

  @Test
  void forgettingADefinitionOutdatesNothingOfItInTheSnapshot() {
    ObservedSystem sys =
        new ObservedSystem("sys-a1", "o", SystemType.VirtualMachine, SystemState.Running);
    inventory.snapshot().touch(a);
    inventory.snapshot().publish(inventory.snapshot().begin(), List.of(sys));
    inventory.snapshot().touch(a);
    assertThat(inventory.snapshot().lookup(a, "sys-a1")).isEmpty();

    inventory.forget(a);

    assertThat(inventory.snapshot().lookup(a, "sys-a1")).contains(sys);
  }

  @Test
  void forgettingASystemDropsItsOwnerStateAndSighting() {
    inventory.claim(a, "sys-a1");
    inventory.systemState("sys-a1", SystemState.Paused);
    assertThat(inventory.firstSight("sys-a1")).isTrue();

    inventory.forgetSystem("sys-a1");

    assertThat(inventory.ownerOf("sys-a1")).isEmpty();
    assertThat(inventory.systemStates()).isEmpty();
    assertThat(inventory.firstSight("sys-a1")).isTrue();
  }

  @Test
  void aSystemIsNewOnlyTheFirstTimeItIsSeen() {
    assertThat(inventory.firstSight("sys-a1")).isTrue();
    assertThat(inventory.firstSight("sys-a1")).isFalse();
    assertThat(inventory.firstSight("sys-a2")).isTrue();
  }

  @Test
  void countsDefinitionsByKindAndPhase() {
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a1");
    inventory.record(b, Kind.VirtualMachine, Phase.Running, "sys-b1");
    inventory.record(UUID.randomUUID(), Kind.Container, Phase.Failed, null);
    inventory.record(UUID.randomUUID(), Kind.VirtualMachine, Phase.Failed, null);

    assertThat(inventory.count(Kind.VirtualMachine, Phase.Running)).isEqualTo(2);
    assertThat(inventory.count(Kind.VirtualMachine, Phase.Failed)).isEqualTo(1);
    assertThat(inventory.count(Kind.Container, Phase.Failed)).isEqualTo(1);
    assertThat(inventory.count(Kind.Container, Phase.Running)).isZero();

    Map<Kind, Map<Phase, Long>> counts = inventory.counts();
    assertThat(counts).containsOnlyKeys(Kind.values());
    assertThat(counts.get(Kind.VirtualMachine)).containsOnlyKeys(Phase.values());
    assertThat(counts.get(Kind.VirtualMachine).get(Phase.Running)).isEqualTo(2L);
    assertThat(counts.get(Kind.VirtualMachine).get(Phase.Failed)).isEqualTo(1L);
    assertThat(counts.get(Kind.VirtualMachine).get(Phase.Stopped)).isZero();
    assertThat(counts.get(Kind.Container).get(Phase.Failed)).isEqualTo(1L);
    assertThat(counts.get(Kind.Container).get(Phase.Running)).isZero();
  }

  @Test
  void aNewRecordReplacesThePhaseCountedBefore() {
    inventory.record(a, Kind.VirtualMachine, Phase.Starting, null);
    inventory.record(a, Kind.VirtualMachine, Phase.Running, "sys-a1");

    assertThat(inventory.count(Kind.VirtualMachine, Phase.Starting)).isZero();
    assertThat(inventory.count(Kind.VirtualMachine, Phase.Running)).isEqualTo(1);
    assertThat(inventory.counts().get(Kind.VirtualMachine).get(Phase.Starting)).isZero();
  }

  @Test
  void systemStatesFollowTheSweepAndThePassesSinceAndDropStoppedOnes() {
    inventory.systemState("old", SystemState.Running);
    inventory.systemStates(
        Map.of(
            "s1", SystemState.Running,
            "s2", SystemState.Running,
            "s3", SystemState.Paused));

    assertThat(inventory.systemStates())
        .as("what the sweep did not see is gone")
        .isEqualTo(Map.of("Running", 2L, "Paused", 1L));

    inventory.systemState("s1", SystemState.Paused);
    inventory.systemState("s2", SystemState.Stopped);
    inventory.systemState("s3", null);
    inventory.systemState("s4", SystemState.Created);

    assertThat(inventory.systemStates()).isEqualTo(Map.of("Paused", 1L, "Created", 1L));
  }

  @Test
  void claimsAreNotLoadedUntilSaidAndNoResyncHasRunAtFirst() {
    assertThat(inventory.claimsLoaded()).isFalse();
    assertThat(inventory.lastResync()).isNull();

    inventory.claimsLoaded(true);
    inventory.lastResync(Instant.parse("2026-12-01T08:00:00Z"));

    assertThat(inventory.claimsLoaded()).isTrue();
    assertThat(inventory.lastResync()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));

    inventory.claimsLoaded(false);
    assertThat(inventory.claimsLoaded()).isFalse();
  }
}
