package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {

  @TempDir Path storage;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  FakeHost host = new FakeHost();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  int sweeps;
  Inventory inventory;
  ExitLedger exits;
  Reconciler reconciler;

  @BeforeEach
  void setUp() {
    newService();
  }

  /** A fresh service process: nothing in memory, same database and host. */
  void newService() {
    inventory = new Inventory();
    exits = new ExitLedger();
    reconciler = reconciler(Duration.ofMinutes(10), () -> 0.0);
    host.subscribe(
        new HostEventRouter(
            inventory,
            exits,
            clock,
            queued::add,
            () -> sweeps++,
            () -> queued.addAll(definitions.ids())));
  }

  /** Backoff from 1 s doubling to 60 s, over this test's host, clock and memory. */
  Reconciler reconciler(Duration resetAfter, DoubleSupplier jitter) {
    return ReconcilerBuilder.over(definitions, new HostAccess(host, host, host), storage)
        .inventory(inventory)
        .exits(exits)
        .clock(clock)
        .jitter(jitter)
        .resetAfter(resetAfter)
        .build();
  }

  static DefinitionSpec vm(String name, RestartPolicy policy, Integer maxRestarts) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(policy)
        .maxRestarts(maxRestarts)
        .shutdownTimeout(30)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                2,
                2048L,
                List.of(
                    new DiskSpec("os", null, 1, null, null, null),
                    new DiskSpec("data", null, 20, null, null, null)),
                List.of(new NetworkAdapterSpec("nic0", "nat", null)),
                List.of(new HvSocketSpec("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11", "agent"))))
        .build();
  }

  static DefinitionSpec container(String name, RestartPolicy policy) {
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Running)
        .restart(policy)
        .shutdownTimeout(30)
        .labels(Map.of())
        .container(
            new ContainerSpec(
                List.of("/layers/app", "/layers/base"),
                "cmd /c ping -t localhost",
                "C:\\",
                Map.of("MODE", "prod"),
                1,
                512L,
                List.of(),
                List.of()))
        .build();
  }

  UUID running(DefinitionSpec spec) {
    UUID id = definitions.add(spec).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    return id;
  }

  /** Runs passes until one waits (Done or a positive delay), as the work queue would. */
  ReconcileResult converge(UUID id) {
    ReconcileResult r = null;
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      r = reconciler.reconcile(id);
      boolean again =
          r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero() || queued.contains(id);
      if (!again) {
        return r;
      }
    }
    throw new AssertionError("no convergence in 20 passes: " + r);
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  Condition ready(UUID id) {
    return status(id).conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  String system(UUID id) {
    return status(id).computeSystemId();
  }

  @Test
  void createsResourcesThenTheFirstIncarnationUnderItsNameBasedId() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));

    DefinitionStatus s = status(id);
    assertThat(s.incarnation()).isEqualTo(1);
    assertThat(s.computeSystemId()).isEqualTo(SystemIds.computeSystemId(id, 1));
    assertThat(s.observedGeneration()).isEqualTo(1);
    assertThat(s.conditions())
        .anySatisfy(c -> assertThat(c.type() + c.status()).isEqualTo("ReadyTrue"))
        .anySatisfy(c -> assertThat(c.type() + c.status()).isEqualTo("ResourcesReadyTrue"));
    assertThat(host.ours())
        .singleElement()
        .satisfies(x -> assertThat(x.id()).isEqualTo(system(id)));
    assertThat(host.disks).hasSize(2);
    assertThat(host.endpoints).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(host.sockets).as("the document's service table grants the socket").isEmpty();
    assertThat(definitions.eventTypes(id))
        .containsSubsequence(EventType.Provisioned, EventType.Started);
  }

  @Test
  void anIdlePassWritesNothing() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    int writes = definitions.statusWrites;
    assertThat(reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(definitions.statusWrites).isEqualTo(writes);
  }

  @Test
  void anIdlePassOverADefinitionAssignedToAHostWritesNothing() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    definitions.assign(id, "host-a");
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    int writes = definitions.statusWrites;
    assertThat(reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(definitions.statusWrites).as("status writes of an idle pass").isEqualTo(writes);
  }

  @Test
  void restartsVmImmediatelyAfterGuestShutdown() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String first = system(id);

    host.exit(first, HostExitType.GracefulExit);
    assertThat(queued).contains(id);
    converge(id);

    DefinitionStatus s = status(id);
    assertThat(s.phase()).isEqualTo(Phase.Running);
    assertThat(s.restartCount()).isEqualTo(1);
    assertThat(s.incarnation()).isEqualTo(2);
    assertThat(s.lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(host.ours()).singleElement().satisfies(x -> assertThat(x.id()).isNotEqualTo(first));
    assertThat(definitions.eventTypes(id))
        .containsSubsequence(EventType.Exited, EventType.Restarted);
  }

  @Test
  void repeatedCrashesBackOffThenFailPastMaxRestartsUntilStart() {
    UUID id = running(vm("web-01", RestartPolicy.Always, 3));

    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id); // first restart: immediate
    assertThat(status(id).phase()).isEqualTo(Phase.Running);

    host.exit(system(id), HostExitType.UnexpectedExit);
    ReconcileResult r = converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    assertThat(status(id).nextRetryAt()).isEqualTo(clock.instant().plusSeconds(1));
    assertThat(r).isEqualTo(new ReconcileResult.RequeueAfter(Duration.ofSeconds(1)));
    assertThat(host.ours()).isEmpty();

    clock.advance(Duration.ofMillis(500));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    clock.advance(Duration.ofMillis(500));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);

    host.exit(system(id), HostExitType.UnexpectedExit);
    r = converge(id);
    assertThat(r).isEqualTo(new ReconcileResult.RequeueAfter(Duration.ofSeconds(2)));
    clock.advance(Duration.ofSeconds(2));
    converge(id);
    assertThat(status(id).restartCount()).isEqualTo(3);

    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("maxRestarts");
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(host.ours()).isEmpty();

    definitions.start(id);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).message()).isNull();
  }

  @Test
  void backoffIsPersistedAcrossARestartOfTheService() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    Instant retry = status(id).nextRetryAt();
    assertThat(retry).isNotNull();

    newService();
    ReconcileResult r = converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    assertThat(host.ours()).isEmpty();
    assertThat(r).isInstanceOf(ReconcileResult.RequeueAfter.class);
    clock.advance(Duration.ofSeconds(1));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void backoffStreakResetsAfterRunningForResetAfter() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    clock.advance(Duration.ofSeconds(1));
    converge(id);
    assertThat(Bookkeeping.of(status(id)).backoffStreak()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(10));
    converge(id);
    assertThat(Bookkeeping.of(status(id)).backoffStreak()).isZero();
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void aStopThroughTheApiIsNeverUndone() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Stopped);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(host.ours()).isEmpty();
    assertThat(status(id).restartCount()).isZero();
    assertThat(host.operations).anyMatch(o -> o.startsWith("Shutdown"));
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(host.ours()).isEmpty();
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);

    definitions.start(id);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(status(id).restartCount()).isZero();
  }

  @Test
  void stopTerminatesAfterTheShutdownTimeout() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    host.fail(
        "Shutdown",
        () -> new HostException.Timeout("Shutdown", system(id), 0x80370118, "guest hangs", null));
    definitions.desired(id, DesiredState.Stopped);
    reconciler.reconcile(id); // a slow shutdown is no failure: terminate at the deadline
    assertThat(status(id).phase()).isEqualTo(Phase.Stopping);
    assertThat(host.ours()).hasSize(1);

    clock.advance(Duration.ofSeconds(30));
    converge(id);
    assertThat(host.ours()).isEmpty();
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
  }

  @Test
  void onFailureRestartsAfterACrashButNotAfterAGuestShutdown() {
    UUID id = running(vm("web-01", RestartPolicy.OnFailure, null));
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).restartCount()).isEqualTo(1);

    host.exit(system(id), HostExitType.GracefulExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(host.ours()).isEmpty();
  }

  @Test
  void neverRecordsTheExitAndSettlesInStopped() {
    UUID id = running(vm("web-01", RestartPolicy.Never, null));
    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.UnexpectedExit);
    assertThat(status(id).restartCount()).isZero();
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(host.ours()).isEmpty();
  }

  @Test
  void aSpecChangeReplacesTheSystemWithANewIncarnation() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String first = system(id);
    definitions.change(
        id,
        s ->
            SpecBuilder.from(s)
                .virtualMachine(
                    new VirtualMachineSpec(
                        4,
                        4096L,
                        s.virtualMachine().disks(),
                        s.virtualMachine().networkAdapters(),
                        s.virtualMachine().hvSockets()))
                .build());
    converge(id);

    DefinitionStatus s = status(id);
    assertThat(s.incarnation()).isEqualTo(2);
    assertThat(s.observedGeneration()).isEqualTo(2);
    assertThat(s.restartCount()).isZero();
    assertThat(host.ours()).singleElement().satisfies(x -> assertThat(x.id()).isNotEqualTo(first));
    assertThat(host.ours().get(0).spec().memoryMB()).isEqualTo(4096);
  }

  @Test
  void aRestartPolicyChangeDoesNotReplaceTheSystem() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.change(
        id,
        s ->
            SpecBuilder.from(s)
                .restart(RestartPolicy.Never)
                .maxRestarts(5)
                .labels(Map.of("tier", "web"))
                .build());
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(status(id).observedGeneration()).isEqualTo(2);
  }

  @Test
  void resumesASystemPausedBehindItsBack() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    host.pauseBehindTheBack(system(id));
    converge(id);
    assertThat(host.ours().get(0).state().name()).isEqualTo("Running");
    assertThat(definitions.eventTypes(id)).contains(EventType.Resumed);
  }

  @Test
  void pausesAndResumesOnRequestWithoutReplacing() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Paused);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Paused);
    assertThat(host.ours().get(0).state().name()).isEqualTo("Paused");
    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(1);
  }

  @Test
  void savesToAStateFileAndRestoresFromItOnTheNextStart() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Saved);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Saved);
    assertThat(host.ours()).isEmpty();
    String file = Bookkeeping.of(status(id)).savedStateFile();
    assertThat(host.files).contains(file);

    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(host.ours().get(0).spec().restoreStateFile()).isEqualTo(file);
    assertThat(Bookkeeping.of(status(id)).savedStateFile()).isNull();
    assertThat(status(id).restartCount()).isZero();
  }

  @Test
  void theHcsDocumentOfAnIncarnationRestoredFromASaveShowsItsRestoreState() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Saved);
    converge(id);
    String file = Bookkeeping.of(status(id)).savedStateFile();
    assertThat(reconciler.document(id).orElseThrow())
        .as("the next incarnation restores")
        .contains("RestoreState", file, SystemIds.computeSystemId(id, 2));

    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(host.files).doesNotContain(file);
    assertThat(reconciler.document(id).orElseThrow())
        .as("the incarnation that was restored")
        .contains("RestoreState", file, SystemIds.computeSystemId(id, 2));

    host.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(3);
    assertThat(reconciler.document(id).orElseThrow()).doesNotContain("RestoreState");
  }

  @Test
  void aResumeAskedThroughTheApiIsNotReportedAsAPauseBehindItsBack() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Paused);
    converge(id);
    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(definitions.eventMessages(id, EventType.Resumed))
        .singleElement()
        .asString()
        .doesNotContain("behind")
        .contains("as asked");
  }

  @Test
  void aPauseBehindItsBackShowsInTheStatusUntilTheResumeSucceeds() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    host.pauseBehindTheBack(system(id));
    host.fail(
        "Resume",
        () -> new HostException.Unavailable("Resume", system(id), 0x800706BA, "rpc", null));
    assertThatThrownBy(() -> reconciler.reconcile(id))
        .isInstanceOf(HostException.Unavailable.class);
    assertThat(status(id).phase()).isEqualTo(Phase.Paused);
    assertThat(ready(id).status()).isEqualTo("False");
    assertThat(ready(id).reason()).isEqualTo("PausedOnHost");

    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(ready(id).status()).isEqualTo("True");
    assertThat(definitions.eventMessages(id, EventType.Resumed))
        .singleElement()
        .asString()
        .contains("behind our back");
  }

  @Test
  void aNewServiceRecordsAdoptedOnceForASystemItFindsRunningUnderTheSameIds() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String before = system(id);
    assertThat(definitions.eventTypes(id)).doesNotContain(EventType.Adopted);

    newService();
    converge(id);
    converge(id);
    assertThat(system(id)).isEqualTo(before);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(definitions.eventTypes(id)).containsOnlyOnce(EventType.Adopted);
    assertThat(definitions.eventMessages(id, EventType.Adopted).get(0)).contains(before);
  }

  @Test
  void theComputeSystemsGaugeFollowsThePassesBetweenSweeps() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    assertThat(inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
    definitions.desired(id, DesiredState.Paused);
    converge(id);
    assertThat(inventory.systemStates()).isEqualTo(Map.of("Paused", 1L));
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    clock.advance(Duration.ofSeconds(31));
    converge(id);
    assertThat(host.ours()).isEmpty();
    assertThat(inventory.systemStates()).isEmpty();
  }

  @Test
  void aDiskFileThatDoesNotExistFailsTheDefinitionUntilItIsThereAndStartIsAsked() {
    DefinitionSpec base = vm("web-01", RestartPolicy.Always, null);
    VirtualMachineSpec v = base.virtualMachine();
    DefinitionSpec spec =
        SpecBuilder.bare(base.name(), base.kind())
            .desired(base.desiredState())
            .restart(base.restartPolicy())
            .maxRestarts(base.maxRestarts())
            .shutdownTimeout(base.shutdownTimeoutSeconds())
            .labels(base.labels())
            .virtualMachine(
                new VirtualMachineSpec(
                    v.processors(),
                    v.memoryMB(),
                    List.of(new DiskSpec("os", null, null, "/disks/given.vhdx", null, null)),
                    v.networkAdapters(),
                    v.hvSockets()))
            .build();
    host.missingFiles.add("/disks/given.vhdx");
    UUID id = definitions.add(spec).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("/disks/given.vhdx", "does not exist");
    assertThat(host.ours()).isEmpty();

    host.missingFiles.clear();
    definitions.start(id);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void theRestartActionReplacesTheSystemOnce() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.restart(id);
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(status(id).restartCount()).isZero();
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(host.ours()).hasSize(1);
  }

  @Test
  void removesOrphansOfOurOwnerAndKeepsForeignSystems() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    inventory.claimsLoaded(true);
    host.appear("11111111-1111-1111-1111-111111111111", FakeHost.OWNER, SystemType.Container);
    host.appear("22222222-2222-2222-2222-222222222222", "docker", SystemType.Container);
    reconciler.sweep();

    assertThat(host.systems.keySet())
        .containsExactlyInAnyOrder(system(id), "22222222-2222-2222-2222-222222222222");
  }

  @Test
  void anOlderIncarnationLeftOnTheHostIsRemovedWithAnEvent() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String old = system(id);
    definitions.restart(id);
    converge(id);
    host.appear(old, FakeHost.OWNER, SystemType.VirtualMachine);
    inventory.claimsLoaded(true);
    reconciler.sweep();
    assertThat(host.systems).doesNotContainKey(old).containsKey(system(id));
    assertThat(definitions.eventTypes(id)).contains(EventType.OrphanRemoved);
  }

  @Test
  void sweepDoesNothingBeforeClaimsAreLoaded() {
    host.appear("11111111-1111-1111-1111-111111111111", FakeHost.OWNER, SystemType.Container);
    reconciler.sweep();
    assertThat(host.systems).hasSize(1);
  }

  @Test
  void aCrashBeforeCreateCreatesTheStoredIncarnationNotASecondOne() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    host.fail(
        "Create", () -> new HostException.Unavailable("Create", null, 0x80370114, "down", null));
    assertThatThrownBy(() -> reconciler.reconcile(id))
        .isInstanceOf(HostException.Unavailable.class);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(status(id).message()).contains("down");

    newService();
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(host.ours())
        .singleElement()
        .satisfies(x -> assertThat(x.id()).isEqualTo(system(id)));
    assertThat(status(id).message()).isNull();
  }

  @Test
  void aCrashAfterCreateAdoptsTheSystemUnderTheSameId() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    host.fail(
        "Start", () -> new HostException.Unavailable("Start", null, 0x80370114, "down", null));
    assertThatThrownBy(() -> reconciler.reconcile(id))
        .isInstanceOf(HostException.Unavailable.class);
    String stored = system(id);
    assertThat(host.systems).containsKey(stored);

    newService();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.ours()).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(stored));
    assertThat(definitions.eventTypes(id)).contains(EventType.Adopted);
  }

  @Test
  void aRejectedSpecFailsUntilTheSpecChanges() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    host.fail(
        "Create", () -> new HostException.Rejected("Create", null, 0x8037010D, "bad json", null));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("bad json");
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(host.ours()).isEmpty();

    definitions.change(id, s -> s);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void aMissingNetworkIsTerminal() {
    DefinitionSpec spec = vm("web-01", RestartPolicy.Always, null);
    UUID id =
        definitions
            .add(
                SpecBuilder.bare(spec.name(), spec.kind())
                    .desired(spec.desiredState())
                    .restart(spec.restartPolicy())
                    .shutdownTimeout(30)
                    .labels(Map.of())
                    .virtualMachine(
                        new VirtualMachineSpec(
                            1,
                            512L,
                            List.of(),
                            List.of(new NetworkAdapterSpec("n", "nope", null)),
                            List.of()))
                    .build())
            .id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("nope");
  }

  @Test
  void deleteStopsTheSystemThenRemovesResourcesThenTheDefinition() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.delete(id);
    converge(id);
    assertThat(host.ours()).isEmpty();
    assertThat(host.disks).isEmpty();
    assertThat(host.endpoints).isEmpty();
    assertThat(host.sockets).isEmpty();
    assertThat(host.deletedDirectories).containsExactly(storage.resolve(id.toString()).toString());
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(definitions.get(id)).isEmpty();
  }

  @Test
  void startsTheContainerWorkloadAndRestartsOnANonZeroExitCode() {
    UUID id = running(container("app", RestartPolicy.OnFailure));
    assertThat(host.processes.get(system(id)))
        .singleElement()
        .satisfies(p -> assertThat(p.commandLine()).isEqualTo("cmd /c ping -t localhost"));

    host.processExit(system(id), 3);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.ProcessExit);
    assertThat(status(id).lastExit().exitCode()).isEqualTo(3);
    assertThat(host.ours()).hasSize(1);
    assertThat(host.processes.get(system(id))).hasSize(1);

    host.processExit(system(id), 0);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().exitCode()).isZero();
    assertThat(host.ours()).isEmpty();
  }

  @Test
  void backoffDoublesUpToTheMaximumWithBoundedJitter() {
    Reconciler r = reconciler(Duration.ZERO, () -> 0.999);
    assertThat(r.backoff(1)).isZero();
    assertThat(r.backoff(2)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
    assertThat(r.backoff(5)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(9600));
    assertThat(r.backoff(40)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(72));
  }

  @Test
  void systemIdsAreVersion5AndStable() {
    UUID id = UUID.fromString("8d0e4b2a-1c3f-4e5a-9b7c-6d8e9f0a1b2c");
    String a = SystemIds.computeSystemId(id, 4);
    assertThat(a).isEqualTo(SystemIds.computeSystemId(id, 4));
    assertThat(a).isNotEqualTo(SystemIds.computeSystemId(id, 5));
    assertThat(UUID.fromString(a).version()).isEqualTo(5);
    assertThat(SystemIds.macAddress(id, "nic0")).matches("^00-15-5D(-[0-9A-F]{2}){3}$");
  }
}
