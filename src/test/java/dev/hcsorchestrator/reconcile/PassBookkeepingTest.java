package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.DefinitionEvent;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one pass leaves in the store: status, conditions, events, bookkeeping, memory. */
class PassBookkeepingTest {

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

  static DefinitionSpec vm() {
    return ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
  }

  static DefinitionSpec onNetwork(DefinitionSpec s, String network) {
    VirtualMachineSpec v = s.virtualMachine();
    return SpecBuilder.bare(s.name(), s.kind())
        .desired(s.desiredState())
        .restart(s.restartPolicy())
        .maxRestarts(s.maxRestarts())
        .shutdownTimeout(s.shutdownTimeoutSeconds())
        .labels(s.labels())
        .virtualMachine(
            new VirtualMachineSpec(
                v.processors(),
                v.memoryMB(),
                v.disks(),
                List.of(new NetworkAdapterSpec("nic0", network, null)),
                v.hvSockets()))
        .build();
  }

  @Test
  void eventsBeforeTheFirstIncarnationNameNoSystemAndEachIsStoredOnce() {
    UUID id = f.running(vm());

    List<DefinitionEvent> events = f.definitions.events(id);
    assertThat(events).extracting(DefinitionEvent::type).containsOnlyOnce(EventType.Provisioned);
    assertThat(events).extracting(DefinitionEvent::type).containsOnlyOnce(EventType.Started);
    DefinitionEvent provisioned =
        events.stream().filter(e -> e.type() == EventType.Provisioned).findFirst().orElseThrow();
    assertThat(provisioned.computeSystemId()).isNull();
    assertThat(provisioned.incarnation()).isNull();
    DefinitionEvent started =
        events.stream().filter(e -> e.type() == EventType.Started).findFirst().orElseThrow();
    assertThat(started.computeSystemId()).isEqualTo(SystemIds.computeSystemId(id, 1));
    assertThat(started.incarnation()).isEqualTo(1L);
  }

  @Test
  void aTerminalErrorFailsTheGenerationItObservedAndIsTerminal() {
    UUID id = f.add(onNetwork(vm(), "nowhere"));

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.TERMINAL);

    DefinitionStatus s = f.status(id);
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.observedGeneration()).isEqualTo(1);
    assertThat(s.message())
        .isEqualTo(
            "Network nowhere is neither declared (PUT /api/v1/networks/nowhere) nor on the host");
    assertThat(f.ready(id).status()).isEqualTo("False");
    assertThat(f.ready(id).reason()).isEqualTo("Failed");
    assertThat(f.definitions.eventMessages(id, EventType.Failed)).containsExactly(s.message());
    assertThat(f.inventory.phaseOf(id)).isEqualTo(Phase.Failed);
  }

  @Test
  void aRepeatedErrorIsOneEventAndANewMessageAnother() {
    UUID id = f.add(vm());
    f.sim.faults.inject("Create", HResults.HCS_E_SERVICE_NOT_AVAILABLE, 2);

    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    String message = f.status(id).message();
    assertThat(message).isNotBlank();
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    assertThat(f.definitions.eventMessages(id, EventType.Error)).containsExactly(message);
    assertThat(f.status(id).observedGeneration()).as("an error observes nothing").isZero();

    f.sim.fail("Create", HResults.HCS_E_OPERATION_TIMEOUT);
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Timeout.class);
    String other = f.status(id).message();
    assertThat(other).isNotEqualTo(message);
    assertThat(f.definitions.eventMessages(id, EventType.Error)).containsExactly(message, other);

    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.status(id).message()).isNull();
  }

  @Test
  void aConditionKeepsItsTransitionTimeUntilItsStatusChanges() {
    f.close();
    f = PassFixture.guestIgnoringShutdown(storage);
    UUID id = f.running(vm());
    Condition running = f.ready(id);
    assertThat(running.lastTransitionTime()).isEqualTo(f.clock.instant());

    f.clock.advance(Duration.ofMinutes(1));
    f.pass(id);
    assertThat(f.ready(id)).isEqualTo(running);

    f.definitions.desired(id, DesiredState.Stopped);
    f.pass(id);
    Condition stopping = f.ready(id);
    assertThat(stopping.status()).isEqualTo("False");
    assertThat(stopping.reason()).isEqualTo("Stopping");
    assertThat(stopping.lastTransitionTime()).isEqualTo(f.clock.instant());

    f.clock.advance(Duration.ofSeconds(30));
    f.converge(id);
    Condition stopped = f.ready(id);
    assertThat(stopped.reason()).isEqualTo("Stopped");
    assertThat(stopped.lastTransitionTime())
        .as("still False since the stop began")
        .isEqualTo(stopping.lastTransitionTime());
    assertThat(f.status(id).conditions())
        .filteredOn(c -> c.type().equals("ResourcesReady"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("True"));
  }

  @Test
  void aDefinitionThatIsGoneIsForgottenAndDone() {
    UUID id = UUID.randomUUID();
    f.inventory.record(id, Kind.VirtualMachine, Phase.Running, "sys-1");

    assertThat(f.reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.inventory.phaseOf(id)).isNull();
    assertThat(f.inventory.ownerOf("sys-1")).isEmpty();
  }

  @Test
  void aPassOutdatesWhatTheLastEnumerationSawOfItsDefinition() {
    UUID id = f.running(vm());
    ObservedSystem stale =
        new ObservedSystem(
            f.system(id), SimulatedHost.OWNER, SystemType.VirtualMachine, SystemState.Running);
    f.inventory.snapshot().publish(f.inventory.snapshot().begin(), List.of(stale));
    assertThat(f.inventory.snapshot().lookup(id, f.system(id))).contains(stale);

    f.pass(id);

    assertThat(f.inventory.snapshot().lookup(id, f.system(id))).isEmpty();
  }

  @Test
  void anUpgradedRecordAdoptsWhatItsSpecMadeOnItsFirstIdlePass() {
    UUID id = f.running(vm());
    DefinitionStatus s = f.status(id);
    String memo =
        s.memo()
            .replaceAll(",\"made\":\\{.*?\\}", "")
            .replace("\"version\":" + Bookkeeping.VERSION, "\"version\":1");
    f.definitions.updateStatus(id, s.withMemo(memo));
    assertThat(f.bookkeeping(id).made()).isNull();

    f.pass(id);

    assertThat(f.bookkeeping(id).made(Dependents.DISK))
        .contains(storage.resolve(id.toString()).resolve("data.vhdx").toAbsolutePath().toString());
    assertThat(f.bookkeeping(id).made(Dependents.ENDPOINT))
        .containsExactly(SystemIds.endpointId(id, "nic0"));
    // sockets are granted by the document alone: nothing registered, nothing to adopt
    assertThat(f.bookkeeping(id).made(Dependents.HV_SOCKET)).isEmpty();
  }

  @Test
  void aSpecChangeReleasesAHoldAndNoChangeKeepsIt() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Never, null));
    f.sim.exit(f.system(id), HostExitType.UnexpectedExit);
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    f.converge(id);
    assertThat(f.status(id).phase()).as("held").isEqualTo(Phase.Stopped);
    assertThat(f.sim.ours()).isEmpty();

    f.definitions.change(id, RunningStepTest::moreProcessors);
    f.converge(id);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.status(id).incarnation()).isEqualTo(2);
    assertThat(f.bookkeeping(id).holdGeneration()).isZero();
  }

  @Test
  void aBackOffInterruptedByAStopRestartsFreshOnTheNextStart() {
    UUID id = f.running(vm());
    f.sim.exit(f.system(id), HostExitType.UnexpectedExit);
    f.converge(id);
    f.sim.exit(f.system(id), HostExitType.UnexpectedExit);
    assertThat(f.converge(id)).isEqualTo(after(Duration.ofSeconds(1)));

    f.definitions.desired(id, DesiredState.Stopped);
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.status(id).nextRetryAt()).isNull();
    assertThat(f.bookkeeping(id).restartPending()).isFalse();
    assertThat(f.ready(id).reason()).isEqualTo("Stopped");

    f.definitions.start(id);
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.bookkeeping(id).backoffStreak()).isZero();
  }
}
