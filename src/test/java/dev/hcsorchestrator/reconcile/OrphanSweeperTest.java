package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep: what it terminates, what it leaves, what it counts. */
class OrphanSweeperTest {

  @TempDir Path storage;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** The definition now claims incarnation 2, with the given bookkeeping flag. */
  void movedToIncarnationTwo(UUID id, boolean exitRequested) {
    DefinitionStatus s = f.status(id);
    String memo =
        exitRequested
            ? s.memo()
                .replaceAll(
                    "\"state\":\\{[^}]*\\}",
                    "\"state\":{\"type\":\"Stopping\",\"cause\":\"Asked\"}")
            : s.memo();
    f.definitions.updateStatus(
        id,
        new DefinitionStatus(
            s.phase(),
            s.observedGeneration(),
            SystemIds.computeSystemId(id, 2),
            2,
            s.restartCount(),
            s.lastExit(),
            s.nextRetryAt(),
            s.message(),
            s.conditions(),
            memo));
  }

  @Test
  void anOlderIncarnationIsTerminatedWithAnEventAndForgotten() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String old = f.system(id);
    movedToIncarnationTwo(id, false);
    f.newService();
    f.reconciler.load(id);
    f.inventory.claim(id, old);
    f.inventory.claimsLoaded(true);

    f.sweep();

    assertThat(f.sim.state(old)).isEmpty();
    assertThat(f.definitions.eventMessages(id, EventType.OrphanRemoved))
        .containsExactly("Terminated compute system " + old + " of an older incarnation");
    assertThat(f.inventory.ownerOf(old)).isEmpty();
    assertThat(f.metrics).contains("drift VirtualMachine orphan");
  }

  @Test
  void thePreviousIncarnationBeingReplacedIsLeftToItsOwnPass() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String old = f.system(id);
    movedToIncarnationTwo(id, true);
    f.newService();
    f.reconciler.load(id);
    f.inventory.claim(id, old);
    f.inventory.claimsLoaded(true);

    f.sweep();

    assertThat(f.sim.state(old)).isPresent();
    assertThat(f.definitions.eventTypes(id)).doesNotContain(EventType.OrphanRemoved);
  }

  @Test
  void theCurrentSystemOfADefinitionNotYetRecordedIsKeptAndRecorded() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.newService();
    f.inventory.claim(id, sys);
    f.inventory.claimsLoaded(true);

    f.sweep();

    assertThat(f.sim.state(sys)).isPresent();
    assertThat(f.inventory.isCurrent(sys)).isTrue();
    assertThat(f.inventory.phaseOf(id)).isEqualTo(Phase.Running);
    assertThat(f.metrics).doesNotContain("drift VirtualMachine orphan");
  }

  @Test
  void theSweepCountsOurSystemsThatHaveNotStoppedAndNoForeignOnes() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.sim.appear("foreign", "docker", SystemType.Container);
    f.inventory.systemState("gone-since", SystemState.Running);
    f.inventory.claimsLoaded(false); // counting only

    f.sweep();

    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
    assertThat(f.sim.state("foreign")).contains(SystemState.Running);
    assertThat(f.sim.state(f.system(id))).contains(SystemState.Running);
  }

  @Test
  void anOrphanNoDefinitionClaimsIsTerminatedAndCountedAsDrift() {
    f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.sim.appear("orphan", SimulatedHost.OWNER, SystemType.Container);
    f.inventory.claimsLoaded(true);

    f.sweep();

    assertThat(f.sim.state("orphan")).isEmpty();
    assertThat(f.metrics).contains("drift Container orphan");
  }
}
