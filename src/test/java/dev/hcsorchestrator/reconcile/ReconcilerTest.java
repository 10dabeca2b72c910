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
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemType;
import dev.hcsorchestrator.host.hcs.HResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler's passes end to end over the simulated host ({@link PassFixture}): the systems,
 * disks, endpoints, files and processes asserted are what the simulated DLLs hold; faults are
 * HRESULTs injected at their boundary; exits and pauses come from outside, as a guest or an
 * administrator makes them.
 */
class ReconcilerTest {

  @TempDir Path storage;
  @TempDir Path layers;

  PassFixture f;
  MutableClock clock;
  InMemoryDefinitions definitions;
  Set<UUID> queued;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
    clock = f.clock;
    definitions = f.definitions;
    queued = f.queued;
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** A fresh service process: nothing in memory, same database and host. */
  void newService() {
    f.newService();
  }

  /** Backoff from 1 s doubling to 60 s, over this test's host and clock. */
  Reconciler reconciler(Duration resetAfter, DoubleSupplier jitter) {
    return ReconcilerBuilder.over(definitions, f.sim.access(), storage)
        .clock(clock)
        .jitter(jitter)
        .resetAfter(resetAfter)
        .build();
  }

  /** The systems this service owns on the host. */
  List<ObservedSystem> ours() {
    return f.sim.ours();
  }

  /** The disks in the definition's folder. */
  List<String> disks(UUID id) throws IOException {
    Path folder = storage.resolve(id.toString());
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(Path::toString).filter(p -> p.endsWith(".vhdx")).toList();
    }
  }

  /** A container over two layer folders that exist on the host. */
  DefinitionSpec runnableContainer(String name, RestartPolicy policy) throws IOException {
    List<String> folders =
        List.of(
            Files.createDirectories(layers.resolve("app")).toString(),
            Files.createDirectories(layers.resolve("base")).toString());
    return container(name, policy, folders);
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
    return container(name, policy, List.of("/layers/app", "/layers/base"));
  }

  static DefinitionSpec container(String name, RestartPolicy policy, List<String> layers) {
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Running)
        .restart(policy)
        .shutdownTimeout(30)
        .labels(Map.of())
        .container(
            new ContainerSpec(
                layers,
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
    return f.running(spec);
  }

  ReconcileResult converge(UUID id) {
    return f.converge(id);
  }

  DefinitionStatus status(UUID id) {
    return f.status(id);
  }

  Condition ready(UUID id) {
    return f.ready(id);
  }

  String system(UUID id) {
    return f.system(id);
  }

  @Test
  void createsResourcesThenTheFirstIncarnationUnderItsNameBasedId() throws IOException {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));

    DefinitionStatus s = status(id);
    assertThat(s.incarnation()).isEqualTo(1);
    assertThat(s.computeSystemId()).isEqualTo(SystemIds.computeSystemId(id, 1));
    assertThat(s.observedGeneration()).isEqualTo(1);
    assertThat(s.conditions())
        .anySatisfy(c -> assertThat(c.type() + c.status()).isEqualTo("ReadyTrue"))
        .anySatisfy(c -> assertThat(c.type() + c.status()).isEqualTo("ResourcesReadyTrue"));
    assertThat(ours()).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(system(id)));
    assertThat(disks(id)).hasSize(2);
    assertThat(f.sim.endpoints()).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(f.sim.sockets.registrations())
        .as("the document's service table grants the socket")
        .isEmpty();
    assertThat(definitions.eventTypes(id))
        .containsSubsequence(EventType.Provisioned, EventType.Started);
  }

  @Test
  void anIdlePassWritesNothing() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    int writes = definitions.statusWrites;
    assertThat(f.reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(definitions.statusWrites).isEqualTo(writes);
  }

  @Test
  void anIdlePassOverADefinitionAssignedToAHostWritesNothing() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    definitions.assign(id, "host-a");
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    int writes = definitions.statusWrites;
    assertThat(f.reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(definitions.statusWrites).as("status writes of an idle pass").isEqualTo(writes);
  }

  @Test
  void restartsVmImmediatelyAfterGuestShutdown() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String first = system(id);

    f.exit(first, HostExitType.GracefulExit);
    assertThat(queued).contains(id);
    converge(id);

    DefinitionStatus s = status(id);
    assertThat(s.phase()).isEqualTo(Phase.Running);
    assertThat(s.restartCount()).isEqualTo(1);
    assertThat(s.incarnation()).isEqualTo(2);
    assertThat(s.lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(ours()).singleElement().satisfies(x -> assertThat(x.id()).isNotEqualTo(first));
    assertThat(definitions.eventTypes(id))
        .containsSubsequence(EventType.Exited, EventType.Restarted);
  }

  @Test
  void repeatedCrashesBackOffThenFailPastMaxRestartsUntilStart() {
    UUID id = running(vm("web-01", RestartPolicy.Always, 3));

    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id); // first restart: immediate
    assertThat(status(id).phase()).isEqualTo(Phase.Running);

    f.exit(system(id), HostExitType.UnexpectedExit);
    ReconcileResult r = converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    assertThat(status(id).nextRetryAt()).isEqualTo(clock.instant().plusSeconds(1));
    assertThat(r).isEqualTo(new ReconcileResult.RequeueAfter(Duration.ofSeconds(1)));
    assertThat(ours()).isEmpty();

    clock.advance(Duration.ofMillis(500));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    clock.advance(Duration.ofMillis(500));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);

    f.exit(system(id), HostExitType.UnexpectedExit);
    r = converge(id);
    assertThat(r).isEqualTo(new ReconcileResult.RequeueAfter(Duration.ofSeconds(2)));
    clock.advance(Duration.ofSeconds(2));
    converge(id);
    assertThat(status(id).restartCount()).isEqualTo(3);

    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("maxRestarts");
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(ours()).isEmpty();

    definitions.start(id);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).message()).isNull();
  }

  @Test
  void backoffIsPersistedAcrossARestartOfTheService() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    Instant retry = status(id).nextRetryAt();
    assertThat(retry).isNotNull();

    newService();
    ReconcileResult r = converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.BackOff);
    assertThat(ours()).isEmpty();
    assertThat(r).isInstanceOf(ReconcileResult.RequeueAfter.class);
    clock.advance(Duration.ofSeconds(1));
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void backoffStreakResetsAfterRunningForResetAfter() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    clock.advance(Duration.ofSeconds(1));
    converge(id);
    assertThat(Bookkeeping.of(status(id)).backoffStreak()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(10));
    converge(id);
    assertThat(Bookkeeping.of(status(id)).backoffStreak()).isZero();
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void aStopThroughTheApiIsNeverUndone() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Stopped);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(ours()).isEmpty();
    assertThat(status(id).restartCount()).isZero();
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(ours()).isEmpty();
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
    f.sim.fail("Shutdown", HResults.HCS_E_OPERATION_TIMEOUT);
    definitions.desired(id, DesiredState.Stopped);
    f.reconciler.reconcile(id); // a slow shutdown is no failure: terminate at the deadline
    assertThat(status(id).phase()).isEqualTo(Phase.Stopping);
    assertThat(ours()).hasSize(1);

    clock.advance(Duration.ofSeconds(30));
    converge(id);
    assertThat(ours()).isEmpty();
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
  }

  @Test
  void onFailureRestartsAfterACrashButNotAfterAGuestShutdown() {
    UUID id = running(vm("web-01", RestartPolicy.OnFailure, null));
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).restartCount()).isEqualTo(1);

    f.exit(system(id), HostExitType.GracefulExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(ours()).isEmpty();
  }

  @Test
  void neverRecordsTheExitAndSettlesInStopped() {
    UUID id = running(vm("web-01", RestartPolicy.Never, null));
    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.UnexpectedExit);
    assertThat(status(id).restartCount()).isZero();
    clock.advance(Duration.ofHours(1));
    converge(id);
    assertThat(ours()).isEmpty();
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
    assertThat(ours()).singleElement().satisfies(x -> assertThat(x.id()).isNotEqualTo(first));
    assertThat(f.sim.document(system(id))).contains("\"SizeInMB\":4096");
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
    f.sim.pauseFromOutside(system(id));
    converge(id);
    assertThat(ours().get(0).state().name()).isEqualTo("Running");
    assertThat(definitions.eventTypes(id)).contains(EventType.Resumed);
  }

  @Test
  void pausesAndResumesOnRequestWithoutReplacing() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Paused);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Paused);
    assertThat(ours().get(0).state().name()).isEqualTo("Paused");
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
    assertThat(ours()).isEmpty();
    String file = Bookkeeping.of(status(id)).savedStateFile();
    assertThat(Path.of(file)).exists();

    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(f.sim.document(system(id))).contains("RestoreState");
    assertThat(Bookkeeping.of(status(id)).savedStateFile()).isNull();
    assertThat(status(id).restartCount()).isZero();
  }

  @Test
  void theHcsDocumentOfAnIncarnationRestoredFromASaveShowsItsRestoreState() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.desired(id, DesiredState.Saved);
    converge(id);
    String file = Bookkeeping.of(status(id)).savedStateFile();
    assertThat(f.reconciler.document(id).orElseThrow())
        .as("the next incarnation restores")
        .contains("RestoreState", file);

    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(Path.of(file)).doesNotExist();
    assertThat(f.reconciler.document(id).orElseThrow())
        .as("the incarnation that was restored")
        .contains("RestoreState", file);

    f.exit(system(id), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(3);
    assertThat(f.reconciler.document(id).orElseThrow()).doesNotContain("RestoreState");
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
    f.sim.pauseFromOutside(system(id));
    f.sim.fail("Resume", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.reconciler.reconcile(id))
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
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));
    definitions.desired(id, DesiredState.Paused);
    converge(id);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Paused", 1L));
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    clock.advance(Duration.ofSeconds(31));
    converge(id);
    assertThat(ours()).isEmpty();
    assertThat(f.inventory.systemStates()).isEmpty();
  }

  @Test
  void aDiskFileThatDoesNotExistFailsTheDefinitionUntilItIsThereAndStartIsAsked() {
    String given = storage.resolveSibling(storage.getFileName() + "-given.vhdx").toString();
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
                    List.of(new DiskSpec("os", null, null, given, null, null)),
                    v.networkAdapters(),
                    v.hvSockets()))
            .build();
    UUID id = definitions.add(spec).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains(given, "does not exist");
    assertThat(ours()).isEmpty();

    f.sim.disks.createDynamicDisk(given, 1L << 30);
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
    assertThat(ours()).hasSize(1);
  }

  @Test
  void removesOrphansOfOurOwnerAndKeepsForeignSystems() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    f.inventory.claimsLoaded(true);
    f.sim.appear("11111111-1111-1111-1111-111111111111", SimulatedHost.OWNER, SystemType.Container);
    f.sim.appear("22222222-2222-2222-2222-222222222222", "docker", SystemType.Container);
    f.sweep();

    assertThat(f.sim.ids())
        .containsExactlyInAnyOrder(system(id), "22222222-2222-2222-2222-222222222222");
  }

  @Test
  void anOlderIncarnationLeftOnTheHostIsRemovedWithAnEvent() {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    String old = system(id);
    definitions.restart(id);
    converge(id);
    f.sim.appear(old, SimulatedHost.OWNER, SystemType.VirtualMachine);
    f.inventory.claimsLoaded(true);
    f.sweep();
    assertThat(f.sim.ids()).doesNotContain(old).contains(system(id));
    assertThat(definitions.eventTypes(id)).contains(EventType.OrphanRemoved);
  }

  @Test
  void sweepDoesNothingBeforeClaimsAreLoaded() {
    f.sim.appear("11111111-1111-1111-1111-111111111111", SimulatedHost.OWNER, SystemType.Container);
    f.sweep();
    assertThat(f.sim.ids()).hasSize(1);
  }

  @Test
  void aCrashBeforeCreateCreatesTheStoredIncarnationNotASecondOne() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    f.sim.fail("Create", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.reconciler.reconcile(id))
        .isInstanceOf(HostException.Unavailable.class);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(status(id).message()).isNotNull();

    newService();
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(ours()).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(system(id)));
    assertThat(status(id).message()).isNull();
  }

  @Test
  void aCrashAfterCreateAdoptsTheSystemUnderTheSameId() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    f.sim.fail("Start", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.reconciler.reconcile(id))
        .isInstanceOf(HostException.Unavailable.class);
    String stored = system(id);
    assertThat(f.sim.ids()).contains(stored);

    newService();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(ours()).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(stored));
    assertThat(definitions.eventTypes(id)).contains(EventType.Adopted);
  }

  @Test
  void aRejectedSpecFailsUntilTheSpecChanges() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always, null)).id();
    f.sim.fail("Create", HResults.HCS_E_INVALID_JSON);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).isNotBlank();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(ours()).isEmpty();

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
  void deleteStopsTheSystemThenRemovesResourcesThenTheDefinition() throws IOException {
    UUID id = running(vm("web-01", RestartPolicy.Always, null));
    definitions.delete(id);
    converge(id);
    assertThat(ours()).isEmpty();
    assertThat(disks(id)).isEmpty();
    assertThat(f.sim.endpoints()).isEmpty();
    assertThat(f.sim.sockets.registrations()).isEmpty();
    assertThat(storage.resolve(id.toString())).doesNotExist();
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(definitions.get(id)).isEmpty();
  }

  @Test
  void startsTheContainerWorkloadAndRestartsOnANonZeroExitCode() throws IOException {
    UUID id = running(runnableContainer("app", RestartPolicy.OnFailure));
    assertThat(f.sim.processes(system(id)))
        .singleElement()
        .satisfies(p -> assertThat(p.image()).isEqualTo("cmd /c ping -t localhost"));

    f.sim.processExit(system(id), 3);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.ProcessExit);
    assertThat(status(id).lastExit().exitCode()).isEqualTo(3);
    assertThat(ours()).hasSize(1);
    assertThat(f.sim.processes(system(id))).hasSize(1);

    f.sim.processExit(system(id), 0);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().exitCode()).isZero();
    assertThat(ours()).isEmpty();
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
