package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incarnation's system: stored first, then created or adopted, started, announced. Over the
 * simulated host. That the next incarnation is stored before its Create is {@link
 * WriteAheadTest}'s; here a Create the host refuses leaves the id claimed and Starting shown.
 */
class IncarnationTest {

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

  /** A system of the definition's first incarnation already on the host, in this state. */
  String leftOnTheHost(UUID id, SystemState state) {
    String sys = SystemIds.computeSystemId(id, 1);
    switch (state) {
      case Created -> f.sim.leftCreated(sys);
      case Running -> f.sim.appear(sys, SimulatedHost.OWNER, SystemType.VirtualMachine);
      case Paused -> {
        f.sim.appear(sys, SimulatedHost.OWNER, SystemType.VirtualMachine);
        f.sim.pauseFromOutside(sys);
      }
      default -> throw new IllegalArgumentException("not left on a host: " + state);
    }
    return sys;
  }

  @Test
  void aSystemAlreadyCreatedUnderTheNextIdIsAdoptedAndStartedNotCreatedTwice() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = leftOnTheHost(id, SystemState.Created);

    f.converge(id);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.sim.ours()).hasSize(1);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.definitions.eventMessages(id, EventType.Adopted))
        .containsExactly("Adopted compute system " + sys + " found on the host");
    assertThat(f.definitions.eventTypes(id)).doesNotContain(EventType.Started);
  }

  @Test
  void anAdoptedPausedSystemIsResumed() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = leftOnTheHost(id, SystemState.Paused);

    f.converge(id);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void anAdoptedRunningSystemIsLeftRunning() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = leftOnTheHost(id, SystemState.Running);

    f.converge(id);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
  }

  @Test
  void aCreateTheHostRefusesLeavesTheNextIdClaimedAndStartingShown() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = SystemIds.computeSystemId(id, 1);
    f.sim.fail("Create", HResults.HCS_E_SERVICE_NOT_AVAILABLE);

    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);

    DefinitionStatus atCreate = f.status(id);
    assertThat(f.sim.ids()).doesNotContain(sys);
    assertThat(f.inventory.ownerOf(sys)).contains(id);
    assertThat(atCreate.phase()).isEqualTo(Phase.Starting);
    assertThat(atCreate.incarnation()).isEqualTo(1);
    assertThat(atCreate.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.reason()).isEqualTo("Starting");
            });
  }

  @Test
  void aSystemThatCouldNotBeStartedIsAdoptedAndStartedByTheNextPass() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.sim.fail("Start", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    String sys = SystemIds.computeSystemId(id, 1);
    assertThat(f.sim.state(sys)).contains(SystemState.Created);

    f.converge(id);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
    assertThat(f.definitions.eventTypes(id)).contains(EventType.Adopted);
    assertThat(f.status(id).incarnation()).isEqualTo(1);
    assertThat(f.bookkeeping(id).runningSince()).isEqualTo(f.clock.instant());
  }

  @Test
  void furtherPassesInTheProcessThatMadeTheSystemAdoptNothing() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));

    f.pass(id);
    f.pass(id);

    assertThat(f.definitions.eventTypes(id)).doesNotContain(EventType.Adopted);
  }

  @Test
  void theEventsSayWhichIncarnationStartedRestartedOrWasRestored() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    assertThat(f.definitions.eventMessages(id, EventType.Started))
        .containsExactly(
            "Started compute system " + SystemIds.computeSystemId(id, 1) + " (incarnation 1)");

    f.sim.exit(f.system(id), HostExitType.UnexpectedExit);
    f.converge(id);
    assertThat(f.definitions.eventMessages(id, EventType.Restarted))
        .containsExactly(
            "Restarted as compute system " + SystemIds.computeSystemId(id, 2) + " (incarnation 2)");

    f.definitions.desired(id, DesiredState.Saved);
    f.converge(id);
    String file = f.bookkeeping(id).savedStateFile();
    f.definitions.desired(id, DesiredState.Running);
    f.converge(id);
    assertThat(f.definitions.eventMessages(id, EventType.Restored))
        .endsWith(
            "Restored compute system "
                + SystemIds.computeSystemId(id, 3)
                + " (incarnation 3, from "
                + file
                + ")");
  }

  @Test
  void aRunningSystemNeverConfirmedAsStartedIsAdoptedAsItRuns() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    DefinitionStatus s = f.status(id);
    // as a crash between the start and the end of the pass leaves it
    f.definitions.updateStatus(
        id,
        s.withMemo(
            s.memo().replaceAll("\"state\":\\{[^}]*\\}", "\"state\":{\"type\":\"Planned\"}")));
    assertThat(f.bookkeeping(id).state()).isEqualTo(new IncarnationState.Planned(null));

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.bookkeeping(id).state()).isInstanceOf(IncarnationState.Running.class);
    assertThat(f.definitions.eventMessages(id, EventType.Adopted))
        .containsExactly("Adopted compute system " + sys + " found on the host");
    assertThat(f.status(id).incarnation()).isEqualTo(1);
  }
}
