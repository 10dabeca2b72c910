package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsContainerResources;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.ContainerStorageCheck;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decisions over the real typed host and the simulated computecore: documents are parsed and
 * checked by the simulator, exits arrive from its own threads, state survives a new instance.
 */
class ReconcilerOverSimulatorTest {

  static final String OWNER = "hcs-orchestrator";

  @TempDir Path dir;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  SimulatorFaults faults = new SimulatorFaults();
  SimulatedComputeCore core;
  ComputeHost host;
  Reconciler reconciler;
  Inventory inventory;

  @BeforeEach
  void start() {
    newService();
  }

  @AfterEach
  void stop() {
    core.close();
  }

  /** A new service process over the same simulator state directory. */
  HcsHostResources resources;

  HcsContainerResources containers;
  SimulatedComputeNetwork network;
  SimulatedComputeStorage storage;

  /** The host's disks outlive a service process (the simulated virtdisk keeps them in memory). */
  final SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);

  void newService() {
    if (core != null) {
      core.close();
    }
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    host = new HcsComputeHost(core, OWNER, "simulated", registry);
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    storage = new SimulatedComputeStorage(dir.resolve("sim/storage"), disks);
    // as the application's simulated host: a container's Storage.Path must be a mounted volume
    core.setContainerStorageCheck(ContainerStorageCheck.mountedBy(storage));
    containers = new HcsContainerResources(network, storage, disks, registry);
    resources =
        new HcsHostResources(
            disks,
            network,
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            OWNER,
            registry);
    inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, resources, containers), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    host.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  static DefinitionSpec vm(String name, RestartPolicy policy) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(policy)
        .shutdownTimeout(0)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                2,
                2048L,
                List.of(new DiskSpec("data", null, 20, null, null, null)),
                List.of(new NetworkAdapterSpec("nic0", "nat", null)),
                List.of(new HvSocketSpec("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11", "agent"))))
        .build();
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  ObservedSystem observed(UUID id) {
    return host.inspect(status(id).computeSystemId()).orElse(null);
  }

  /** Runs passes as the workers would, waiting for the simulator's events where a pass asks. */
  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      if (r instanceof ReconcileResult.RequeueAfter q) {
        if (q.delay().isZero()) {
          continue;
        }
        if (definitions.get(id).isEmpty()) {
          return;
        }
        if (!Bookkeeping.of(status(id)).exitRequested()) {
          return; // waiting on time (backoff, streak reset), not on the host
        }
        // a stop is in flight: its exit event comes from the simulator's thread
        await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
        continue;
      }
      if (!queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  @Test
  void runsTheFirstIncarnationWithADocumentTheSimulatorAccepts() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    ObservedSystem s = observed(id);
    assertThat(s.state()).isEqualTo(SystemState.Running);
    assertThat(s.owner()).isEqualTo(OWNER);
    assertThat(s.id()).isEqualTo(SystemIds.computeSystemId(id, 1));
  }

  @Test
  void restartsAfterAGuestShutdownReportedFromTheSimulatorsThread() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    String first = status(id).computeSystemId();

    assertThat(core.exitFromOutside(first, NotificationType.GracefulExit, 0)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
    converge(id);

    assertThat(status(id).restartCount()).isEqualTo(1);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(observed(id).state()).isEqualTo(SystemState.Running);
    assertThat(host.inspect(first)).isEmpty();
  }

  /** The periodic resync's enumeration, as the workers take it before queueing every id. */
  void enumerate() {
    long tick = inventory.snapshot().begin();
    inventory.snapshot().publish(tick, host.list());
  }

  @Test
  void aResyncPassTakesTheStateFromTheEnumerationInsteadOfAskingAgain() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    enumerate();
    faults.inject("Properties", 0x80370100, 1); // a properties query now would fail the pass

    assertThat(reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void anExitAfterTheEnumerationIsNotHiddenByIt() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    enumerate(); // says Running
    String first = status(id).computeSystemId();

    core.exitFromOutside(first, NotificationType.GracefulExit, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
    converge(id);

    assertThat(status(id).restartCount()).isEqualTo(1);
    assertThat(status(id).computeSystemId()).isNotEqualTo(first);
    assertThat(observed(id).state()).isEqualTo(SystemState.Running);
  }

  @Test
  void aNewServiceStillHearsTheExitOfASystemItOnlyEnumerated() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    String first = status(id).computeSystemId();
    newService(); // holds no handle: the enumeration alone would not deliver the exit
    enumerate();
    converge(id);

    core.exitFromOutside(first, NotificationType.GracefulExit, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
    converge(id);

    assertThat(status(id).restartCount()).isEqualTo(1);
    assertThat(observed(id).state()).isEqualTo(SystemState.Running);
  }

  @Test
  void aNewServiceAdoptsTheSystemItCreatedBeforeCrashing() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    faults.inject("Start", 0x80370114, 1);
    try {
      reconciler.reconcile(id);
    } catch (RuntimeException expected) {
      // the crash stand-in: the system exists, the service never recorded that it started
    }
    String stored = status(id).computeSystemId();

    newService();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).computeSystemId()).isEqualTo(stored);
    assertThat(host.list().stream().filter(s -> s.owner().equals(OWNER))).hasSize(1);
    assertThat(definitions.eventTypes(id)).contains(EventType.Adopted);
  }

  @Test
  void savesAndRestoresThroughTheSimulator() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    definitions.desired(id, DesiredState.Saved);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Saved);

    definitions.desired(id, DesiredState.Running);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(definitions.eventTypes(id)).contains(EventType.Saved);
  }

  @Test
  void restartsAContainerAfterItsWorkloadFails() throws Exception {
    Files.createDirectories(dir.resolve("layers/base"));
    DefinitionSpec spec =
        SpecBuilder.bare("app", Kind.Container)
            .desired(DesiredState.Running)
            .restart(RestartPolicy.OnFailure)
            .shutdownTimeout(0)
            .labels(Map.of())
            .container(
                new ContainerSpec(
                    List.of(dir.resolve("layers/base").toString()),
                    "cmd /c ping -t localhost",
                    "C:\\",
                    Map.of("MODE", "prod"),
                    1,
                    512L,
                    List.of(),
                    List.of()))
            .build();
    UUID id = definitions.add(spec).id();
    converge(id);
    String first = status(id).computeSystemId();
    int pid =
        core.snapshot().stream()
            .filter(s -> s.id().equals(first))
            .findFirst()
            .orElseThrow()
            .processes()
            .get(0)
            .processId();

    assertThat(core.exitProcessFromOutside(first, pid, 7)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
    queued.remove(id);
    reconciler.reconcile(id); // the workload ended: the container is terminated with it
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> host.inspect(first).isEmpty() && queued.contains(id));
    converge(id);

    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.ProcessExit);
    assertThat(status(id).lastExit().exitCode()).isEqualTo(7);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
  }

  @Test
  void aGivenDiskFileThatDoesNotExistFailsWithAMessage() throws Exception {
    Path given = dir.resolve("images/given.vhdx");
    DefinitionSpec spec =
        SpecBuilder.bare("web-02", Kind.VirtualMachine)
            .desired(DesiredState.Running)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(0)
            .labels(Map.of())
            .virtualMachine(
                new VirtualMachineSpec(
                    1,
                    512L,
                    List.of(new DiskSpec("os", null, null, given.toString(), null, null)),
                    List.of(),
                    List.of()))
            .build();
    UUID id = definitions.add(spec).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains(given.toString(), "does not exist");
    assertThat(host.list()).isEmpty();

    Files.createDirectories(given.getParent());
    Files.writeString(given, "vhdx");
    definitions.start(id);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void deleteLeavesNothingOnTheHost() {
    UUID id = definitions.add(vm("web-01", RestartPolicy.Always)).id();
    converge(id);
    definitions.delete(id);
    converge(id);
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(host.list()).isEmpty();
    assertThat(dir.resolve("storage")).isEmptyDirectory();
  }

  static DefinitionSpec vmWithFiles(String name, Path parent, Path iso, Path given, long memory) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(0)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                1,
                memory,
                List.of(
                    new DiskSpec("os", parent.toString(), null, null, null, null),
                    new DiskSpec("data", null, 1, null, null, null),
                    new DiskSpec("given", null, null, given.toString(), null, null),
                    new DiskSpec("setup", null, null, null, iso.toString(), null)),
                List.of(),
                List.of()))
        .build();
  }

  @Test
  void everyFileAVmOpensIsGrantedToItsIncarnationAndRevokedWhenItGoes() throws Exception {
    Path parent = dir.resolve("images/base.vhdx");
    resources.ensureDisk(
        new dev.hcsorchestrator.host.DiskRequest(parent.toString(), null, 1L << 30));
    Path iso = dir.resolve("images/setup.iso");
    Files.writeString(iso, "iso");
    Path given = dir.resolve("images/given.vhdx");
    resources.ensureDisk(
        new dev.hcsorchestrator.host.DiskRequest(given.toString(), null, 1L << 30));
    byte[] parentBytes = Files.readAllBytes(parent);
    byte[] givenBytes = Files.readAllBytes(given);
    UUID id = definitions.add(vmWithFiles("web-03", parent, iso, given, 1024)).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    String first = status(id).computeSystemId();
    Path folder = dir.resolve("storage").resolve(id.toString());
    Path vmgs = folder.resolve("guest-state.vmgs");
    List<String> files =
        List.of(
            folder.resolve("os.vhdx").toString(),
            folder.resolve("data.vhdx").toString(),
            given.toString(),
            iso.toString(),
            parent.toString(),
            vmgs.toString());
    for (String f : files) {
      assertThat(core.isGranted(first, f)).as(f).isTrue();
    }
    assertThat(Bookkeeping.of(status(id)).made().get(Grants.GRANT))
        .contains(first + " " + parent, first + " " + vmgs);
    assertThat(
            host.document(
                new SystemSpecs(dir.resolve("storage"))
                    .build(definitions.require(id), first, null)))
        .contains("\"GuestStateFilePath\"", "\"Shutdown\":{}", "\"Minor\":5");

    // the firmware state survives a replacement; the old incarnation loses its grants
    Files.writeString(vmgs, "boot order");
    definitions.change(id, spec -> vmWithFiles("web-03", parent, iso, given, 2048));
    converge(id);
    String second = status(id).computeSystemId();
    assertThat(second).isNotEqualTo(first);
    assertThat(Files.readString(vmgs)).isEqualTo("boot order");
    assertThat(core.isGranted(second, vmgs.toString())).isTrue();
    assertThat(core.isGranted(first, parent.toString())).isFalse();
    assertThat(events(id)).contains(EventType.Replaced);

    definitions.delete(id);
    converge(id);
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(folder).doesNotExist();
    assertThat(core.isGranted(second, parent.toString())).isFalse();
    assertThat(core.isGranted(second, iso.toString())).isFalse();
    assertThat(Files.readAllBytes(parent)).isEqualTo(parentBytes);
    assertThat(Files.readAllBytes(given)).isEqualTo(givenBytes);
    assertThat(Files.readString(iso)).isEqualTo("iso");
  }

  List<EventType> events(UUID id) {
    return definitions.eventTypes(id);
  }

  @Test
  void aGrantTheHostRefusesFailsTheDefinitionNamingTheFile() {
    faults.inject("Grant", 0x80070005, 1);
    UUID id = definitions.add(vm("web-04", RestartPolicy.Always)).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("Access to ", ".vhdx");
    assertThat(host.list()).isEmpty();
  }

  @Test
  void aGracefulShutdownTheHostRefusesEndsInATerminateNotAFailure() {
    UUID id = definitions.add(patient(vm("web-05", RestartPolicy.Always))).id();
    converge(id);
    faults.inject("Shutdown", 0x80370120, 1);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(host.list()).isEmpty();
    assertThat(definitions.eventMessages(id, EventType.Stopped))
        .anyMatch(m -> m.contains("refused, terminating"));
  }

  /** A spec that waits a minute for a graceful shutdown before it terminates. */
  static DefinitionSpec patient(DefinitionSpec s) {
    return SpecBuilder.from(s).shutdownTimeout(60).build();
  }

  @Test
  void aGracefulStopOfAVmGoesThroughTheShutdownIntegrationService() {
    UUID id = definitions.add(patient(vm("web-06", RestartPolicy.Always))).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(definitions.eventMessages(id, EventType.Stopped))
        .noneMatch(m -> m.contains("refused"));
  }

  DefinitionSpec networkedContainer(String name) throws Exception {
    Files.createDirectories(dir.resolve("layers/base"));
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(0)
        .labels(Map.of())
        .container(
            new ContainerSpec(
                List.of(dir.resolve("layers/base").toString()),
                "cmd /c ping -t localhost",
                "C:\\",
                Map.of(),
                1,
                512L,
                List.of(new NetworkAdapterSpec("eth0", "nat", null)),
                List.of()))
        .build();
  }

  JsonNode document(UUID id) {
    return JsonMapper.builder().build().readTree(reconciler.document(id).orElseThrow());
  }

  @Test
  void aNetworkedContainerRunsInItsNamespaceOnAMountedVolumeKeptAcrossIncarnations()
      throws Exception {
    UUID id = definitions.add(networkedContainer("app")).id();
    converge(id);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    String namespace = SystemIds.namespaceId(id);
    String endpoint = SystemIds.endpointId(id, "eth0");
    JsonNode first = document(id).path("Container");
    String volume = first.path("Storage").path("Path").asString();
    assertThat(volume).matches("\\\\\\\\\\?\\\\Volume\\{[0-9a-f-]{36}}\\\\");
    assertThat(storage.servesContainerStorage(volume)).isTrue();
    assertThat(first.path("Storage").path("Layers").get(0).path("Id").asString())
        .isEqualTo(storage.layerId(dir.resolve("layers/base").toString()));
    assertThat(first.path("Networking").path("Namespace").asString()).isEqualTo(namespace);
    assertThat(containers.namespaceEndpoints(namespace)).containsExactly(endpoint);

    String sys = status(id).computeSystemId();
    assertThat(core.exitFromOutside(sys, NotificationType.UnexpectedExit, 1)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
    converge(id);

    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    JsonNode second = document(id).path("Container");
    assertThat(second.path("Storage").path("Path").asString()).isEqualTo(volume);
    assertThat(second.path("Networking").path("Namespace").asString()).isEqualTo(namespace);
    assertThat(containers.namespaceEndpoints(namespace)).containsExactly(endpoint);
  }

  /** The scratch disks under the storage root that the simulated virtdisk has attached. */
  List<Path> attachedScratchDisks() throws java.io.IOException {
    try (var files = Files.walk(dir.resolve("storage"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".vhdx"))
          .filter(p -> disks.attached(p.toString()))
          .toList();
    }
  }

  @Test
  void aStoppedContainerHasItsScratchUnmountedAndItsStartMountsItAgain() throws Exception {
    UUID id = definitions.add(networkedContainer("app")).id();
    converge(id);
    String volume = document(id).path("Container").path("Storage").path("Path").asString();
    assertThat(attachedScratchDisks()).hasSize(1);

    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    await().atMost(Duration.ofSeconds(5)).until(() -> host.list().isEmpty());
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(storage.servesContainerStorage(volume)).isFalse();
    assertThat(attachedScratchDisks()).isEmpty();
    assertThat(Bookkeeping.of(status(id)).mountedScratch()).isNull();

    definitions.desired(id, DesiredState.Running);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(storage.servesContainerStorage(volume)).isTrue();
    assertThat(attachedScratchDisks()).hasSize(1);
  }

  @Test
  void aServiceThatCrashedBetweenTheMountAndTheCreateMountsOnceAgainAndRuns() throws Exception {
    UUID id = definitions.add(networkedContainer("app")).id();
    faults.inject("Create", HResults.E_FAIL, 1);
    assertThatThrownBy(() -> reconciler.reconcile(id)).isInstanceOf(RuntimeException.class);
    assertThat(Bookkeeping.of(status(id)).mountedScratch()).hasSize(1);
    assertThat(attachedScratchDisks()).hasSize(1);

    newService(); // the crash: a new process over the same host
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    String volume = document(id).path("Container").path("Storage").path("Path").asString();
    assertThat(storage.servesContainerStorage(volume)).isTrue();
    assertThat(attachedScratchDisks()).hasSize(1);
    assertThat(Bookkeeping.of(status(id)).mountedScratch()).hasSize(1);
  }

  @Test
  void deletingANetworkedContainerLeavesNoEndpointNamespaceScratchNorFolder() throws Exception {
    UUID id = definitions.add(networkedContainer("app")).id();
    converge(id);
    String volume = document(id).path("Container").path("Storage").path("Path").asString();

    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(host.list()).isEmpty();
    assertThat(network.enumerateEndpoints(null)).isEqualTo("[]");
    assertThat(network.enumerateNamespaces(null)).isEqualTo("[]");
    assertThat(storage.servesContainerStorage(volume)).isFalse();
    assertThat(dir.resolve("storage")).isEmptyDirectory();
  }

  @Test
  void aContainerWhoseLayerFolderIsMissingFailsNamingItWithoutRetrying() {
    String missing = dir.resolve("layers/gone").toString();
    DefinitionSpec spec =
        SpecBuilder.bare("app", Kind.Container)
            .desired(DesiredState.Running)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(0)
            .labels(Map.of())
            .container(
                new ContainerSpec(
                    List.of(missing), "cmd", null, null, 1, 512L, List.of(), List.of()))
            .build();
    UUID id = definitions.add(spec).id();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains(missing);
    assertThat(status(id).nextRetryAt()).isNull();
    assertThat(host.list()).isEmpty();
  }

  @Test
  void anEndpointDeletedBehindTheServicesBackIsMadeAgainWithItsMacAndIp() {
    UUID a = definitions.add(vm("web-a", RestartPolicy.Always)).id();
    UUID b = definitions.add(vm("web-b", RestartPolicy.Always)).id();
    converge(a);
    converge(b);
    String endpoint = SystemIds.endpointId(b, "nic0");
    String ip = resources.endpointAddress(endpoint).orElseThrow();
    String mac = network.queryEndpointProperties(endpoint, null);
    mac = mac.substring(mac.indexOf("\"MacAddress\""), mac.indexOf("\"MacAddress\"") + 33);

    network.deleteEndpoint(endpoint); // behind the service's back
    definitions.delete(a); // frees the address before b's, which HCN would hand out first
    converge(a);
    assertThat(core.exitFromOutside(status(b).computeSystemId(), NotificationType.GracefulExit, 0))
        .isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(b));
    converge(b);

    assertThat(status(b).phase()).isEqualTo(Phase.Running);
    assertThat(status(b).incarnation()).isEqualTo(2);
    assertThat(resources.endpointAddress(endpoint)).contains(ip);
    assertThat(network.queryEndpointProperties(endpoint, null)).contains(mac);
  }
}
