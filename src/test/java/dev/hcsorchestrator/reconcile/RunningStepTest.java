package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired state Running: what each situation on the host leaves in the status and on the host, over
 * the simulated host. A system gone without its exit event is one that stopped while the host
 * compute service restarted ({@link SimulatedHost#vanish}). What must be stored before a host call
 * is proven in {@link WriteAheadTest}.
 */
class RunningStepTest {

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

  static DefinitionSpec vm(RestartPolicy policy, Integer maxRestarts) {
    return ReconcilerTest.vm("web-01", policy, maxRestarts);
  }

  static DefinitionSpec moreProcessors(DefinitionSpec s) {
    VirtualMachineSpec v = s.virtualMachine();
    return SpecBuilder.from(s)
        .virtualMachine(
            new VirtualMachineSpec(
                v.processors() + 1, v.memoryMB(), v.disks(), v.networkAdapters(), v.hvSockets()))
        .build();
  }

  /** A container over two layer folders that exist on the host. */
  DefinitionSpec container() throws java.io.IOException {
    return ReconcilerTest.container(
        "app",
        RestartPolicy.Always,
        java.util.List.of(
            java.nio.file.Files.createDirectories(storage.resolve("layers/app")).toString(),
            java.nio.file.Files.createDirectories(storage.resolve("layers/base")).toString()));
  }

  void crash(UUID id) {
    f.exit(f.system(id), HostExitType.UnexpectedExit);
  }

  @Test
  void anExitWhosePassCouldNotBeStoredKeepsTheTypeTheHostReported() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String first = f.system(id);
    crash(id);
    f.definitions.failStatusWrites = true;
    assertThatThrownBy(() -> f.pass(id)).hasMessageContaining("database unreachable");
    f.definitions.failStatusWrites = false;

    f.converge(id);

    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.UnexpectedExit);
    assertThat(f.status(id).restartCount()).isEqualTo(1);
    assertThat(f.exits.peek(first)).as("taken once stored").isEmpty();
  }

  @Test
  void aRestartAskedWhileTheSystemIsDownIsActedOnOnce() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    crash(id);
    f.converge(id);
    crash(id);
    assertThat(f.converge(id)).isEqualTo(after(Duration.ofSeconds(1)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.BackOff);

    f.definitions.restart(id);
    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(1)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.BackOff);
    f.clock.advance(Duration.ofSeconds(1));
    f.converge(id);
    f.converge(id);

    assertThat(f.status(id).incarnation()).isEqualTo(3);
    assertThat(f.ours()).containsExactly(f.system(id));
  }

  @Test
  void theRestartActionRevivesADefinitionHeldByItsPolicy() {
    UUID id = f.running(vm(RestartPolicy.Never, null));
    crash(id);
    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.ready(id).reason()).isEqualTo("Exited");
    assertThat(f.definitions.eventMessages(id, EventType.Stopped))
        .containsExactly("Not restarted: restart policy Never after UnexpectedExit");
    assertThat(f.pass(id)).as("held").isEqualTo(ReconcileResult.DONE);

    f.definitions.restart(id);
    f.converge(id);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.status(id).incarnation()).isEqualTo(2);
    assertThat(f.ours()).hasSize(1);
  }

  @Test
  void aRestartWaitsForTheGuestUntilTheShutdownTimeoutThenTerminates() {
    f.close();
    f = PassFixture.guestIgnoringShutdown(storage);
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String first = f.system(id);

    f.definitions.restart(id);
    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopping);
    assertThat(f.ready(id).reason()).isEqualTo("Stopping");
    assertThat(f.definitions.eventMessages(id, EventType.Replaced))
        .containsExactly("Restart requested: replacing compute system " + first);

    f.clock.advance(Duration.ofSeconds(10));
    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(20)));
    assertThat(f.sim.state(first)).isPresent();

    f.clock.advance(Duration.ofSeconds(20));
    assertThat(f.pass(id)).isEqualTo(after(PassTools.STOP_RECHECK));
    assertThat(f.sim.state(first)).isEmpty();
    f.converge(id);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.status(id).incarnation()).isEqualTo(2);
    assertThat(f.status(id).restartCount()).as("a replacement, not a restart").isZero();
    assertThat(f.status(id).lastExit()).isNull();
  }

  @Test
  void aSpecChangeIsReportedAsDriftAndWaitsForTheGuest() {
    f.close();
    f = PassFixture.guestIgnoringShutdown(storage);
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String first = f.system(id);
    f.definitions.change(id, RunningStepTest::moreProcessors);

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));

    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopping);
    assertThat(f.metrics).contains("drift VirtualMachine spec");
    assertThat(f.definitions.eventMessages(id, EventType.Replaced))
        .containsExactly("Spec generation 2 differs: replacing compute system " + first);
  }

  @Test
  void aRecordWithoutASpecHashTakesTheCurrentOneWithoutReplacing() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    DefinitionStatus s = f.status(id);
    String memo = s.memo().replaceAll("\"specHash\":\"[^\"]+\"", "\"specHash\":null");
    f.definitions.updateStatus(id, s.withMemo(memo));
    assertThat(f.bookkeeping(id).specHash()).isNull();

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).incarnation()).isEqualTo(1);
    assertThat(f.bookkeeping(id).specHash())
        .isEqualTo(SystemSpecs.systemHash(f.definitions.require(id).spec()));

    f.definitions.change(id, RunningStepTest::moreProcessors);
    f.converge(id);
    assertThat(f.status(id).incarnation()).as("a later change still replaces").isEqualTo(2);
  }

  /** The bookkeeping of the current incarnation holds {@code hash}, as an earlier release wrote. */
  void storedHash(UUID id, String hash) {
    DefinitionStatus s = f.status(id);
    f.definitions.updateStatus(
        id,
        s.withMemo(
            s.memo().replaceAll("\"specHash\":\"[^\"]+\"", "\"specHash\":\"" + hash + "\"")));
    assertThat(f.bookkeeping(id).specHash()).isEqualTo(hash);
  }

  static DefinitionSpec relabelled(DefinitionSpec s) {
    return SpecBuilder.from(s)
        .restart(RestartPolicy.OnFailure)
        .maxRestarts(7)
        .labels(Map.of("upgraded", "yes"))
        .build();
  }

  @Test
  void aHashAnEarlierReleaseStoredReplacesNothingOnALabelChangeAndIsStoredAgainInTodaysForm() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String first = f.system(id);
    storedHash(id, LegacySpecHash.of(f.definitions.require(id).spec()));
    f.definitions.change(id, RunningStepTest::relabelled);

    f.converge(id);

    assertThat(f.status(id).incarnation()).isEqualTo(1);
    assertThat(f.system(id)).isEqualTo(first);
    assertThat(f.ours()).containsExactly(first);
    assertThat(f.bookkeeping(id).specHash())
        .isEqualTo(SpecHash.of(f.definitions.require(id).spec()));
    f.definitions.change(id, RunningStepTest::moreProcessors);
    f.converge(id);
    assertThat(f.status(id).incarnation()).as("a later change still replaces").isEqualTo(2);
  }

  @Test
  void aHashAnEarlierReleaseStoredForAnotherSpecStillReplaces() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    storedHash(id, LegacySpecHash.of(moreProcessors(f.definitions.require(id).spec())));
    f.definitions.change(id, RunningStepTest::relabelled);

    f.converge(id);

    assertThat(f.status(id).incarnation()).isEqualTo(2);
  }

  @Test
  void aPauseBehindItsBackIsShownUntilTheResumeSucceedsAndCountedAsDrift() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    f.sim.pauseFromOutside(f.system(id));
    f.sim.fail("Resume", HResults.HCS_E_SERVICE_NOT_AVAILABLE);

    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    // stored ahead of the resume (WriteAheadTest) and kept when it fails
    DefinitionStatus atResume = f.status(id);
    assertThat(atResume.phase()).isEqualTo(Phase.Paused);
    assertThat(atResume.conditions())
        .anySatisfy(c -> assertThat(c.reason()).isEqualTo("PausedOnHost"));
    assertThat(f.sim.state(f.system(id))).contains(SystemState.Paused);

    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.metrics).contains("drift VirtualMachine state");
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
  }

  @Test
  void aCurrentSystemFoundCreatedButNotStartedIsStartedNotReplaced() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String sys = f.system(id);
    // the stored incarnation runs; the host holds its id created and not started (its system was
    // ended and another client made one under the id): a new service process finds it so
    f.computeHost().terminate(sys);
    f.settle();
    f.newService();
    f.sim.leftCreated(sys);

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.status(id).incarnation()).isEqualTo(1);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
  }

  @Test
  void aContainerWhoseProcessCouldNotBeCreatedGetsItOnceOnTheNextPass() throws Exception {
    UUID id = f.add(container());
    f.sim.fail("CreateProcess", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    String sys = f.system(id);
    assertThat(f.sim.processes(sys)).isEmpty();

    f.converge(id);
    f.converge(id);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.status(id).incarnation()).isEqualTo(1);
    assertThat(f.sim.processes(sys)).hasSize(1);
  }

  @Test
  void onlyAWorkloadExitEndsARunningContainer() throws Exception {
    UUID id = f.running(container());
    String sys = f.system(id);
    f.exits.record(sys, new ExitLedger.Exit(ExitType.GracefulExit, null, f.clock.instant()));

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void aWorkloadExitEndsTheContainerAndIsReportedWithItsCode() throws Exception {
    UUID id = f.running(container());
    String sys = f.system(id);
    f.sim.processExit(sys, 3);

    assertThat(f.pass(id)).isEqualTo(after(PassTools.STOP_RECHECK));
    assertThat(f.sim.state(sys)).isEmpty();
    f.converge(id);

    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.ProcessExit);
    assertThat(f.status(id).lastExit().exitCode()).isEqualTo(3);
    assertThat(f.definitions.eventMessages(id, EventType.Exited))
        .containsExactly("Compute system " + sys + " exited: ProcessExit with code 3");
    assertThat(f.metrics).contains("drift Container exited", "restarted Container ProcessExit");
  }

  @Test
  void anExitTheHostReportedIsDriftOfTypeExitedAndAVanishedSystemOfTypeMissing() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    String first = f.system(id);
    crash(id);

    assertThat(f.converge(id))
        .as("look again once reset-after passed")
        .isEqualTo(after(Duration.ofMinutes(10)));

    assertThat(f.metrics)
        .contains("drift VirtualMachine exited", "restarted VirtualMachine UnexpectedExit");
    assertThat(f.metrics).doesNotContain("drift VirtualMachine missing");
    assertThat(f.definitions.eventMessages(id, EventType.Exited))
        .containsExactly("Compute system " + first + " exited: UnexpectedExit");

    f.clock.advance(Duration.ofMinutes(10));
    String second = f.system(id);
    f.sim.vanish(second);
    f.converge(id);

    assertThat(f.metrics).contains("drift VirtualMachine missing");
    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.Unknown);
    assertThat(f.status(id).lastExit().at()).isEqualTo(f.clock.instant());
    assertThat(f.definitions.eventMessages(id, EventType.Exited))
        .contains("Compute system " + second + " exited: Unknown");
  }

  @Test
  void aRunLongerThanResetAfterEndsTheStreakAndAShorterOneWaitsForTheRest() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    crash(id);
    f.converge(id);
    assertThat(f.bookkeeping(id).backoffStreak()).isEqualTo(1);

    f.clock.advance(Duration.ofMinutes(4));
    assertThat(f.pass(id)).isEqualTo(after(Duration.ofMinutes(6)));
    assertThat(f.bookkeeping(id).backoffStreak()).isEqualTo(1);

    f.clock.advance(Duration.ofMinutes(6));
    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.bookkeeping(id).backoffStreak()).isZero();

    crash(id);
    assertThat(f.converge(id))
        .as("the first restart of a new streak")
        .isEqualTo(after(Duration.ofMinutes(10)));
    assertThat(f.status(id).restartCount()).isEqualTo(2);
  }

  @Test
  void noRestartsAllowedFailsAtTheFirstExit() {
    UUID id = f.running(vm(RestartPolicy.Always, 0));
    crash(id);

    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    DefinitionStatus s = f.status(id);
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.message()).isEqualTo("Exceeded maxRestarts (0): 0 consecutive restarts");
    assertThat(f.ready(id).reason()).isEqualTo("Failed");
    assertThat(f.definitions.eventMessages(id, EventType.Failed)).containsExactly(s.message());
    assertThat(f.bookkeeping(id).holdGeneration()).isEqualTo(1);
    assertThat(f.ours()).isEmpty();
  }

  @Test
  void aSecondCrashInARowBacksOffWithAnEventSayingHowLong() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    crash(id);
    f.converge(id);
    crash(id);

    assertThat(f.converge(id)).isEqualTo(after(Duration.ofSeconds(1)));

    assertThat(f.ready(id).reason()).isEqualTo("BackOff");
    assertThat(f.definitions.eventMessages(id, EventType.BackOff))
        .containsExactly(
            "Restart 2 in a row: waiting 1000 ms until " + f.clock.instant().plusSeconds(1));
    assertThat(f.bookkeeping(id).restartPending()).isTrue();

    f.clock.advance(Duration.ofSeconds(1));
    assertThat(f.converge(id)).isEqualTo(after(Duration.ofMinutes(10)));
    assertThat(f.bookkeeping(id).restartPending()).isFalse();
    assertThat(f.status(id).nextRetryAt()).isNull();
    assertThat(f.definitions.eventTypes(id)).endsWith(EventType.Restarted);
  }

  @Test
  void aStartAfterAStopMakesTheNextIncarnationWithoutCountingARestart() {
    UUID id = f.running(vm(RestartPolicy.Always, null));
    f.definitions.desired(id, dev.hcsorchestrator.definition.DesiredState.Stopped);
    f.converge(id);

    f.definitions.start(id);
    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).incarnation()).isEqualTo(2);
    assertThat(f.status(id).restartCount()).isZero();
    assertThat(f.definitions.eventTypes(id)).endsWith(EventType.Started);
  }
}
