package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.SystemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource sweep over the typed host on the simulated DLLs: what carries our naming and belongs
 * to no definition goes, what a definition claims and what lacks our naming stays. What another
 * client left on the host is made through the simulated HCN and storage; failures are HRESULTs
 * injected at the DLL boundary; every end state is read back from the simulated DLLs and the disk.
 */
class ResourceSweeperTest {

  static final String STRAY = "0d9f3b6e-5a1c-4c7e-9b2a-6f4e8d1c2b3a";
  static final String FOREIGN = "7e3c1a2b-9d8f-4e6a-8b5c-1f2e3d4c5b6a";

  @TempDir Path storage;

  /** A folder beside the storage root. */
  @TempDir Path outside;

  PassFixture f;
  final List<LogRecord> warnings = new ArrayList<>();
  final Logger log = Logger.getLogger(ResourceSweeper.class.getName());
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
    log.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    log.removeHandler(capture);
    f.close();
  }

  static final int ACCESS_DENIED = 0x80070005;

  List<String> warningTexts() {
    return warnings.stream()
        .map(r -> new java.text.MessageFormat(r.getMessage()).format(r.getParameters()))
        .toList();
  }

  long orphanDrifts(String kind) {
    return f.metrics.stream().filter(("drift " + kind + " orphan")::equals).count();
  }

  static DefinitionSpec vm(String name, List<String> adapters) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(30)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                2,
                2048L,
                List.of(new DiskSpec("data", null, 20, null, null, null)),
                adapters.stream().map(a -> new NetworkAdapterSpec(a, "nat", null)).toList(),
                List.of()))
        .build();
  }

  static DefinitionSpec container(String name, List<String> adapters) {
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(30)
        .labels(Map.of())
        .container(
            new ContainerSpec(
                List.of("/layers/app", "/layers/base"),
                "cmd /c ping -t localhost",
                "C:\\",
                Map.of(),
                1,
                512L,
                adapters.stream().map(a -> new NetworkAdapterSpec(a, "nat", null)).toList(),
                List.of()))
        .build();
  }

  /** An id with our namespace marker that no definition derives. */
  static String strayNamespace() {
    return SystemIds.namespaceId(UUID.randomUUID());
  }

  @Test
  void anEndpointWithOurOwnerThatNoDefinitionClaimsIsRemovedAndCountedOnce() {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    String nic0 = SystemIds.endpointId(id, "nic0");
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, "left-behind");

    f.sweep();

    assertThat(f.sim.endpoints()).containsExactly(nic0);
    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).isEqualTo(1);
    assertThat(f.definitions.eventTypes(id)).doesNotContain(EventType.OrphanRemoved);
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan HCN endpoint " + STRAY + " (left-behind): no definition claims it");

    f.sweep();

    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).as("nothing left to count").isEqualTo(1);
    assertThat(warnings).hasSize(1);
  }

  @Test
  void aNetworkWeMadeForADeclarationThatIsGoneIsRemovedOthersStay() {
    f.definitions.declare(new Network("lab", Network.NetworkType.NAT, null, null));
    f.definitions.declare(new Network("kept", Network.NetworkType.Internal, null, null));
    f.sim.resources.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("lab", "NAT", null, null));
    f.sim.resources.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("kept", "Internal", null, null));
    f.sim.resources.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("undeclared-but-named", "NAT", null, null));
    f.add(vmOn("uses-it", "undeclared-but-named"));

    f.sweep();
    assertThat(f.sim.networks()).contains("lab", "kept", "undeclared-but-named", "nat");

    String labId =
        f.sim.resources.listNetworks().stream()
            .filter(n -> n.name().equals("lab"))
            .findFirst()
            .orElseThrow()
            .id();
    f.definitions.undeclare("lab");
    f.sweep();

    assertThat(f.sim.networks())
        .as("ours and no longer declared goes; declared, named by a definition or foreign stay")
        .containsExactlyInAnyOrder("kept", "undeclared-but-named", "nat");
    assertThat(orphanDrifts(ResourceSweeper.NETWORK)).isEqualTo(1);
    assertThat(warningTexts())
        .containsExactly("Removed HCN network lab (" + labId + "): it is no longer declared");
  }

  @Test
  void aNetworkThatCannotBeRemovedIsTriedAgainAndWarnedOnce() {
    f.sim.resources.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("busy", "NAT", null, null));
    // another client's endpoint on it: HCN refuses to delete a network that has endpoints
    String foreign =
        new HcsHostResources(
                f.sim.disks,
                f.sim.network,
                f.sim.sockets,
                f.sim.core,
                "docker",
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
            .ensureEndpoint(new EndpointRequest(FOREIGN, "docker-ep", "busy", null))
            .id();

    f.sweep();
    f.sweep();
    assertThat(f.sim.networks()).contains("busy");
    f.sim.network.deleteEndpoint(foreign); // its owner lets go of it
    f.sweep();

    assertThat(f.sim.networks()).doesNotContain("busy");
    assertThat(warningTexts()).hasSize(2); // the first failure, then the removal
  }

  static DefinitionSpec vmOn(String name, String network) {
    DefinitionSpec spec = vm(name, List.of());
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Stopped)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(30)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                2,
                2048L,
                spec.virtualMachine().disks(),
                List.of(new NetworkAdapterSpec("nic0", network, null)),
                List.of()))
        .build();
  }

  @Test
  void whatLacksOurNamingIsNotTouched() throws Exception {
    UUID id = f.add(container("c1", List.of()));
    f.sim.plantEndpoint(FOREIGN, "docker", "docker-nat-ep");
    f.sim.plantEndpoint("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", null, null);
    String foreignNamespace = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    f.sim.plantNamespace(foreignNamespace, FOREIGN);
    // a scratch in folders that are not named after a definition id as the service names them
    String notAnId = storage.resolve("not-an-id").resolve("scratch").toString();
    String upperCase =
        storage.resolve(UUID.randomUUID().toString().toUpperCase()).resolve("scratch").toString();
    String elsewhere = outside.resolve("scratch").toString();
    List.of(notAnId, upperCase, elsewhere).forEach(f.sim::mountScratch);
    Path folder = Files.createDirectories(storage.resolve(id.toString()));

    f.sweep();

    assertThat(f.sim.endpoints())
        .containsExactlyInAnyOrder(FOREIGN, "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");
    assertThat(f.sim.namespaces()).containsExactly(foreignNamespace);
    assertThat(f.sim.containers.namespaceEndpoints(foreignNamespace)).containsExactly(FOREIGN);
    assertThat(List.of(notAnId, upperCase, elsewhere)).allMatch(f.sim.containers::holdsScratch);
    assertThat(folder).isDirectory();
    assertThat(f.metrics).noneMatch(m -> m.endsWith(" orphan"));
  }

  @Test
  void anEndpointOfAnAdapterRemovedBeforeItWasRecordedIsRemovedWithAnEventOnItsDefinition() {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    String old = SystemIds.endpointId(id, "nic-old");
    f.sim.plantEndpoint(old, SimulatedHost.OWNER, "web-01-nic-old");
    // the same name on an id no adapter derives names no definition
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, "web-01-nic-other");

    f.sweep();

    assertThat(f.sim.endpoints()).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(f.definitions.eventMessages(id, EventType.OrphanRemoved))
        .containsExactly(
            "Removed HCN endpoint "
                + old
                + " (web-01-nic-old) that no adapter of this definition claims");
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan HCN endpoint "
                + STRAY
                + " (web-01-nic-other): no definition claims it");
    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).isEqualTo(2);
  }

  @Test
  void everyDefinitionInTheStoreClaimsItsResourcesEvenWhileBeingDeleted() {
    UUID vm = f.running(vm("web-01", List.of("nic0")));
    UUID container = f.add(container("c1", List.of()));
    String namespace = SystemIds.namespaceId(container);
    String scratch = new SystemSpecs(storage).scratch(container, List.of("layer"));
    f.sim.plantNamespace(namespace);
    f.sim.mountScratch(scratch);
    // an adapter the spec names but no pass has recorded yet
    f.definitions.change(container, s -> container("c1", List.of("eth0")));
    String eth0 = SystemIds.endpointId(container, "eth0");
    f.sim.plantEndpoint(eth0, SimulatedHost.OWNER, "c1-eth0");
    f.definitions.delete(vm);

    f.sweep();

    assertThat(f.sim.endpoints()).containsExactlyInAnyOrder(SystemIds.endpointId(vm, "nic0"), eth0);
    assertThat(f.sim.namespaces()).containsExactly(namespace);
    assertThat(f.sim.containers.holdsScratch(scratch)).isTrue();
    assertThat(f.metrics).noneMatch(m -> m.endsWith(" orphan"));
  }

  @Test
  void aRecordedEndpointIsClaimedAfterItsAdapterLeftTheSpec() {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    String nic0 = SystemIds.endpointId(id, "nic0");
    f.definitions.change(id, s -> vm("web-01", List.of()));

    f.sweep();

    assertThat(f.sim.endpoints()).as("recorded as made: its own pass deletes it").contains(nic0);
  }

  @Test
  void anOrphanNamespaceLosesItsEndpointsFirstAndThenGoesWithTheOrphanEndpointsInIt() {
    String ns = strayNamespace();
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    f.sim.plantEndpoint(FOREIGN, "docker", null);
    f.sim.plantNamespace(ns, STRAY, FOREIGN);

    f.sweep();

    assertThat(f.sim.namespaces()).isEmpty();
    assertThat(f.sim.endpoints())
        .as("the foreign endpoint is only taken out")
        .containsExactly(FOREIGN);
    assertThat(orphanDrifts(ResourceSweeper.NAMESPACE)).isEqualTo(1);
    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).isEqualTo(1);
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan HCN namespace " + ns + ": no definition claims it",
            "Removed orphan HCN endpoint " + STRAY + ": no definition claims it");
  }

  @Test
  void anOrphanEndpointInAClaimedNamespaceIsTakenOutOfItAndTheNamespaceStays() {
    UUID id = f.add(container("c1", List.of()));
    String ns = SystemIds.namespaceId(id);
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, "made-by-hand");
    f.sim.plantNamespace(ns, STRAY);

    f.sweep();

    assertThat(f.sim.namespaces()).containsExactly(ns);
    assertThat(f.sim.containers.namespaceEndpoints(ns)).isEmpty();
    assertThat(f.sim.endpoints()).isEmpty();
    assertThat(f.definitions.eventMessages(id, EventType.OrphanRemoved))
        .as("the namespace tells whose it was")
        .containsExactly(
            "Removed HCN endpoint "
                + STRAY
                + " (made-by-hand) that no adapter of this definition claims");
  }

  @Test
  void anOrphanScratchIsRemovedWithItsFoldersWhenTheyAreEmpty() {
    UUID gone = UUID.randomUUID();
    SystemSpecs specs = new SystemSpecs(storage);
    String scratch = specs.scratch(gone, List.of("layer"));
    f.sim.mountScratch(scratch);

    f.sweep();

    assertThat(f.sim.containers.holdsScratch(scratch)).isFalse();
    assertThat(Path.of(scratch)).doesNotExist();
    assertThat(specs.folder(gone)).doesNotExist();
    assertThat(orphanDrifts(ResourceSweeper.SCRATCH)).isEqualTo(1);
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan scratch " + scratch + ": no definition " + gone + " exists");
  }

  @Test
  void aFolderNamedAfterADefinitionWithoutAScratchIsLeftAlone() throws Exception {
    UUID gone = UUID.randomUUID();
    Path folder = Files.createDirectories(storage.resolve(gone.toString()));

    f.sweep();

    assertThat(folder).isDirectory();
    assertThat(f.metrics).noneMatch(m -> m.endsWith(" orphan"));
  }

  @Test
  void orphanScratchesOfEveryLayerSetAndOfTheEarlierPlainNameAreRemoved() {
    UUID gone = UUID.randomUUID();
    SystemSpecs specs = new SystemSpecs(storage);
    String first = specs.scratch(gone, List.of("layer-a"));
    String second = specs.scratch(gone, List.of("layer-b"));
    String plain = specs.folder(gone).resolve("scratch").toString();
    String notScratch = specs.folder(gone).resolve("scratchpad-notes").toString();
    List.of(first, second, plain, notScratch).forEach(f.sim::mountScratch);

    f.sweep();

    assertThat(List.of(first, second, plain, notScratch))
        .as("not a scratch name: left alone")
        .filteredOn(f.sim.containers::holdsScratch)
        .containsExactly(notScratch);
    assertThat(orphanDrifts(ResourceSweeper.SCRATCH)).isEqualTo(3);
  }

  @Test
  void aFailingRemovalLeavesTheOthersToGoAndIsRetriedWithOneWarning() {
    String ns = strayNamespace();
    f.sim.plantNamespace(ns);
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.sim.mountScratch(scratch);
    f.sim.fail("DeleteNamespace", ACCESS_DENIED, 2);

    f.sweep();

    assertThat(f.sim.namespaces()).containsExactly(ns);
    assertThat(f.sim.endpoints()).isEmpty();
    assertThat(f.sim.containers.holdsScratch(scratch)).isFalse();
    assertThat(orphanDrifts(ResourceSweeper.NAMESPACE)).isZero();

    f.sweep();
    assertThat(f.sim.namespaces()).as("still failing").containsExactly(ns);
    assertThat(warningTexts())
        .filteredOn(w -> w.startsWith("Cannot remove orphan namespace " + ns))
        .as("logged at WARNING the first time only")
        .hasSize(1);

    f.sweep();

    assertThat(f.sim.namespaces()).isEmpty();
    assertThat(orphanDrifts(ResourceSweeper.NAMESPACE)).isEqualTo(1);
  }

  @Test
  void aRemovalThatFailsAgainAfterSucceedingOnceIsWarnedAboutAgain() {
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    String first = strayNamespace();
    f.sim.plantNamespace(first);
    f.sim.fail("DeleteNamespace", ACCESS_DENIED, 1);
    f.sweep(); // warned, then gone on the next sweep
    f.sweep();
    assertThat(f.sim.namespaces()).isEmpty();

    f.sim.plantNamespace(first);
    f.sim.fail("DeleteNamespace", ACCESS_DENIED, 1);
    f.sweep();

    assertThat(warningTexts())
        .filteredOn(w -> w.startsWith("Cannot remove orphan namespace " + first))
        .hasSize(2);
  }

  @Test
  void anHcnThatCannotBeEnumeratedSkipsItsEndpointsAndNotTheScratchesTheSystemSweepOrThePasses()
      throws Exception {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    f.sim.appear(ReconcileWorkersTest.ORPHAN, SimulatedHost.OWNER, SystemType.VirtualMachine);
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.sim.mountScratch(scratch);
    f.sim.fail("EnumerateEndpoints", ACCESS_DENIED, 1);
    WorkQueue<UUID> queue =
        new WorkQueue<>(java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(1));
    f.newService();
    ReconcileWorkers workers =
        new ReconcileWorkers(
            f.reconciler,
            queue,
            f.definitions,
            f.computeHost(),
            f.inventory,
            f.exits,
            f.recording,
            f.clock,
            1,
            java.time.Duration.ofMinutes(10));
    try {
      workers.resync();
      f.settle();

      assertThat(f.sim.ids()).doesNotContain(ReconcileWorkersTest.ORPHAN);
      assertThat(f.sim.endpoints()).contains(STRAY);
      assertThat(f.sim.containers.holdsScratch(scratch)).as("swept all the same").isFalse();
      assertThat(queue.depth()).as("every definition is queued").isEqualTo(1);
      assertThat(queue.take()).isEqualTo(id);
      assertThat(f.inventory.lastResync()).isNotNull();

      f.sweep();
      assertThat(f.sim.endpoints()).doesNotContain(STRAY);
    } finally {
      queue.shutDown();
    }
  }

  @Test
  void theHostIsEnumeratedBeforeTheStoreIsRead() {
    // a definition stored, recorded and given its endpoint while the sweep runs: between the
    // host's enumeration and the store's read; the sweep must not take it for an orphan
    List<UUID> added = new ArrayList<>();
    InMemoryDefinitions store = f.definitions;
    DefinitionStore racing =
        new DelegatingStore(store) {
          @Override
          public List<UUID> ids() {
            if (added.isEmpty()) {
              UUID id = store.add(vm("late", List.of("nic0"))).id();
              added.add(id);
              f.sim.plantEndpoint(
                  SystemIds.endpointId(id, "nic0"), SimulatedHost.OWNER, "late-nic0");
            }
            return store.ids();
          }
        };
    Reconciler reconciler = reconcilerOver(racing);

    reconciler.sweep();

    assertThat(f.sim.endpoints()).containsExactly(SystemIds.endpointId(added.get(0), "nic0"));
  }

  /** A reconciler of a new service process over the fixture's host and this store. */
  Reconciler reconcilerOver(DefinitionStore store) {
    return ReconcilerBuilder.over(store, f.sim.access(), storage)
        .metrics(f.recording)
        .clock(f.clock)
        .build();
  }

  @Test
  void aStoreThatCannotBeReadRemovesNothing() {
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    String ns = strayNamespace();
    f.sim.plantNamespace(ns);
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.sim.mountScratch(scratch);
    Reconciler reconciler =
        reconcilerOver(
            new DelegatingStore(f.definitions) {
              @Override
              public List<UUID> ids() {
                throw new IllegalStateException("database down");
              }
            });

    reconciler.sweep();

    assertThat(f.sim.endpoints()).containsExactly(STRAY);
    assertThat(f.sim.namespaces()).containsExactly(ns);
    assertThat(f.sim.containers.holdsScratch(scratch)).isTrue();
  }

  @Test
  void namespacesThatCannotBeEnumeratedLeaveTheEndpointsToBeSwept() {
    f.sim.plantEndpoint(STRAY, SimulatedHost.OWNER, null);
    f.sim.fail("EnumerateNamespaces", ACCESS_DENIED, 1);

    f.sweep();

    assertThat(f.sim.endpoints()).isEmpty();
  }

  @Test
  void onlyTheFormTheServiceWritesIsADefinitionFolder() {
    UUID id = UUID.randomUUID();
    assertThat(ResourceSweeper.definitionId(id.toString())).contains(id);
    assertThat(ResourceSweeper.definitionId(id.toString().toUpperCase())).isEmpty();
    assertThat(ResourceSweeper.definitionId("1-2-3-4-5")).isEmpty();
    assertThat(ResourceSweeper.definitionId("scratch")).isEmpty();
  }

  /** A store that answers as the one it wraps; tests override what they race. */
  static class DelegatingStore implements DefinitionStore {
    private final DefinitionStore store;

    DelegatingStore(DefinitionStore store) {
      this.store = store;
    }

    @Override
    public List<UUID> ids() {
      return store.ids();
    }

    @Override
    public Optional<Definition> get(UUID id) {
      return store.get(id);
    }

    @Override
    public Optional<Definition> find(String name) {
      return store.find(name);
    }

    @Override
    public Optional<Network> network(String name) {
      return store.network(name);
    }

    @Override
    public List<Network> networks() {
      return store.networks();
    }

    @Override
    public java.util.Set<String> networksInUse() {
      return store.networksInUse();
    }

    @Override
    public void reportNetwork(
        String network, dev.hcsorchestrator.definition.NetworkOnHost.State state, String message) {
      store.reportNetwork(network, state, message);
    }

    @Override
    public List<dev.hcsorchestrator.definition.NetworkOnHost> networkReports() {
      return store.networkReports();
    }

    @Override
    public void updateStatus(UUID id, DefinitionStatus status) {
      store.updateStatus(id, status);
    }

    @Override
    public void recordEvent(
        UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
      store.recordEvent(id, type, message, computeSystemId, incarnation);
    }

    @Override
    public void remove(UUID id) {
      store.remove(id);
    }
  }

  @Test
  void aHostNetworkDiffersFromItsDeclarationOnlyInWhatTheHostReports() {
    dev.hcsorchestrator.definition.Network lab =
        new dev.hcsorchestrator.definition.Network(
            "lab",
            dev.hcsorchestrator.definition.Network.NetworkType.NAT,
            "10.1.0.0/24",
            "10.1.0.1");
    assertThat(
            NetworkSweep.differs(
                new dev.hcsorchestrator.host.ListedNetwork(
                    "id", "o", "lab", "nat", "10.1.0.0/24", "10.1.0.1"),
                lab))
        .isFalse();
    assertThat(
            NetworkSweep.differs(new dev.hcsorchestrator.host.ListedNetwork("id", "o", "lab"), lab))
        .as("nothing reported")
        .isFalse();
    assertThat(
            NetworkSweep.differs(
                new dev.hcsorchestrator.host.ListedNetwork(
                    "id", "o", "lab", "NAT", "10.2.0.0/24", "10.1.0.1"),
                lab))
        .isTrue();
    assertThat(
            NetworkSweep.differs(
                new dev.hcsorchestrator.host.ListedNetwork(
                    "id", "o", "lab", "NAT", "10.1.0.0/24", "10.1.0.2"),
                lab))
        .isTrue();
    assertThat(
            NetworkSweep.differs(
                new dev.hcsorchestrator.host.ListedNetwork(
                    "id", "o", "lab", "Internal", "10.1.0.0/24", "10.1.0.1"),
                lab))
        .isTrue();
  }
}
