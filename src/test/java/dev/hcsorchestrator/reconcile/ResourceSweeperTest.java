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
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.SystemType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The resource sweep over the in-memory host: what carries our naming and belongs to no definition
 * goes, what a definition claims and what lacks our naming stays.
 */
class ResourceSweeperTest {

  static final String STRAY = "0d9f3b6e-5a1c-4c7e-9b2a-6f4e8d1c2b3a";
  static final String FOREIGN = "7e3c1a2b-9d8f-4e6a-8b5c-1f2e3d4c5b6a";

  @TempDir Path storage;
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
    f = PassFixture.overFake(storage);
    log.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    log.removeHandler(capture);
  }

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
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, "left-behind");

    f.reconciler.sweep();

    assertThat(f.host.endpoints).containsExactly(nic0);
    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).isEqualTo(1);
    assertThat(f.definitions.eventTypes(id)).doesNotContain(EventType.OrphanRemoved);
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan HCN endpoint " + STRAY + " (left-behind): no definition claims it");

    f.reconciler.sweep();

    assertThat(orphanDrifts(ResourceSweeper.ENDPOINT)).as("nothing left to count").isEqualTo(1);
    assertThat(warnings).hasSize(1);
  }

  @Test
  void aNetworkWeMadeForADeclarationThatIsGoneIsRemovedOthersStay() {
    f.definitions.declare(new Network("lab", Network.NetworkType.NAT, null, null));
    f.definitions.declare(new Network("kept", Network.NetworkType.Internal, null, null));
    f.host.ensureNetwork(new dev.hcsorchestrator.host.NetworkRequest("lab", "NAT", null, null));
    f.host.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("kept", "Internal", null, null));
    f.host.ensureNetwork(
        new dev.hcsorchestrator.host.NetworkRequest("undeclared-but-named", "NAT", null, null));
    f.add(vmOn("uses-it", "undeclared-but-named"));

    f.reconciler.sweep();
    assertThat(f.host.networks).contains("lab", "kept", "undeclared-but-named", "nat");

    f.definitions.undeclare("lab");
    f.reconciler.sweep();

    assertThat(f.host.networks)
        .as("ours and no longer declared goes; declared, named by a definition or foreign stay")
        .containsExactlyInAnyOrder("kept", "undeclared-but-named", "nat");
    assertThat(orphanDrifts(ResourceSweeper.NETWORK)).isEqualTo(1);
    assertThat(warningTexts())
        .containsExactly("Removed HCN network lab (net-lab): it is no longer declared");
  }

  @Test
  void aNetworkThatCannotBeRemovedIsTriedAgainAndWarnedOnce() {
    f.host.ensureNetwork(new dev.hcsorchestrator.host.NetworkRequest("busy", "NAT", null, null));
    for (int i = 0; i < 2; i++) {
      f.host.fail(
          "deleteNetwork",
          () ->
              new dev.hcsorchestrator.host.HostException.InvalidState(
                  "deleteNetwork", null, 1, "endpoints remain", null));
    }

    f.reconciler.sweep();
    f.reconciler.sweep();
    assertThat(f.host.networks).contains("busy");
    f.reconciler.sweep();

    assertThat(f.host.networks).doesNotContain("busy");
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
  void whatLacksOurNamingIsNotTouched() {
    UUID id = f.add(container("c1", List.of()));
    f.host.plantEndpoint(FOREIGN, "docker", "docker-nat-ep");
    f.host.plantEndpoint("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", null, null);
    String foreignNamespace = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    f.host.namespaces.put(foreignNamespace, new HashSet<>(Set.of(FOREIGN)));
    // a scratch in folders that are not named after a definition id as the service names them
    String notAnId = storage.resolve("not-an-id").resolve("scratch").toString();
    String upperCase =
        storage.resolve(UUID.randomUUID().toString().toUpperCase()).resolve("scratch").toString();
    String elsewhere = storage.resolveSibling("elsewhere").resolve("scratch").toString();
    f.host.scratches.addAll(List.of(notAnId, upperCase, elsewhere));
    f.host.folders.add(storage.resolve(id.toString()).toString());

    f.reconciler.sweep();

    assertThat(f.host.endpoints)
        .containsExactlyInAnyOrder(FOREIGN, "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");
    assertThat(f.host.namespaces).containsOnlyKeys(foreignNamespace);
    assertThat(f.host.namespaces.get(foreignNamespace)).containsExactly(FOREIGN);
    assertThat(f.host.scratches).containsExactlyInAnyOrder(notAnId, upperCase, elsewhere);
    assertThat(f.host.deletedDirectories).isEmpty();
    assertThat(f.metrics).noneMatch(m -> m.endsWith(" orphan"));
  }

  @Test
  void anEndpointOfAnAdapterRemovedBeforeItWasRecordedIsRemovedWithAnEventOnItsDefinition() {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    String old = SystemIds.endpointId(id, "nic-old");
    f.host.plantEndpoint(old, FakeHost.OWNER, "web-01-nic-old");
    // the same name on an id no adapter derives names no definition
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, "web-01-nic-other");

    f.reconciler.sweep();

    assertThat(f.host.endpoints).containsExactly(SystemIds.endpointId(id, "nic0"));
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
    f.host.namespaces.put(namespace, new HashSet<>());
    f.host.scratches.add(scratch);
    // an adapter the spec names but no pass has recorded yet
    f.definitions.change(container, s -> container("c1", List.of("eth0")));
    String eth0 = SystemIds.endpointId(container, "eth0");
    f.host.plantEndpoint(eth0, FakeHost.OWNER, "c1-eth0");
    f.definitions.delete(vm);

    f.reconciler.sweep();

    assertThat(f.host.endpoints).containsExactlyInAnyOrder(SystemIds.endpointId(vm, "nic0"), eth0);
    assertThat(f.host.namespaces).containsOnlyKeys(namespace);
    assertThat(f.host.scratches).containsExactly(scratch);
    assertThat(f.metrics).noneMatch(m -> m.endsWith(" orphan"));
  }

  @Test
  void aRecordedEndpointIsClaimedAfterItsAdapterLeftTheSpec() {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    String nic0 = SystemIds.endpointId(id, "nic0");
    f.definitions.change(id, s -> vm("web-01", List.of()));

    f.reconciler.sweep();

    assertThat(f.host.endpoints).as("recorded as made: its own pass deletes it").contains(nic0);
  }

  @Test
  void anOrphanNamespaceLosesItsEndpointsFirstAndThenGoesWithTheOrphanEndpointsInIt() {
    String ns = strayNamespace();
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    f.host.plantEndpoint(FOREIGN, "docker", null);
    f.host.namespaces.put(ns, new HashSet<>(Set.of(STRAY, FOREIGN)));

    f.reconciler.sweep();

    assertThat(f.host.namespaces).isEmpty();
    assertThat(f.host.endpoints)
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
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, "made-by-hand");
    f.host.namespaces.put(ns, new HashSet<>(Set.of(STRAY)));

    f.reconciler.sweep();

    assertThat(f.host.namespaces).containsOnlyKeys(ns);
    assertThat(f.host.namespaces.get(ns)).isEmpty();
    assertThat(f.host.endpoints).isEmpty();
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
    f.host.scratches.add(scratch);

    f.reconciler.sweep();

    assertThat(f.host.scratches).isEmpty();
    assertThat(f.host.deletedDirectories).containsExactly(scratch, specs.folder(gone).toString());
    assertThat(orphanDrifts(ResourceSweeper.SCRATCH)).isEqualTo(1);
    assertThat(warningTexts())
        .containsExactly(
            "Removed orphan scratch " + scratch + ": no definition " + gone + " exists");
  }

  @Test
  void aFolderNamedAfterADefinitionWithoutAScratchIsLeftAlone() {
    UUID gone = UUID.randomUUID();
    f.host.folders.add(storage.resolve(gone.toString()).toString());

    f.reconciler.sweep();

    assertThat(f.host.deletedDirectories).isEmpty();
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
    f.host.scratches.addAll(List.of(first, second, plain, notScratch));

    f.reconciler.sweep();

    assertThat(f.host.scratches).as("not a scratch name: left alone").containsExactly(notScratch);
    assertThat(orphanDrifts(ResourceSweeper.SCRATCH)).isEqualTo(3);
  }

  @Test
  void aFailingRemovalLeavesTheOthersToGoAndIsRetriedWithOneWarning() {
    String ns = strayNamespace();
    f.host.namespaces.put(ns, new HashSet<>());
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.host.scratches.add(scratch);
    f.host.fail(
        "deleteNamespace",
        () -> new HostException.Unavailable("delete_namespace", null, 0x80070005, "busy", null));
    f.host.fail(
        "deleteNamespace",
        () -> new HostException.Unavailable("delete_namespace", null, 0x80070005, "busy", null));

    f.reconciler.sweep();

    assertThat(f.host.namespaces).containsOnlyKeys(ns);
    assertThat(f.host.endpoints).isEmpty();
    assertThat(f.host.scratches).isEmpty();
    assertThat(orphanDrifts(ResourceSweeper.NAMESPACE)).isZero();

    f.reconciler.sweep();
    assertThat(f.host.namespaces).as("still failing").containsOnlyKeys(ns);
    assertThat(warningTexts())
        .filteredOn(w -> w.startsWith("Cannot remove orphan namespace " + ns))
        .as("logged at WARNING the first time only")
        .hasSize(1);

    f.reconciler.sweep();

    assertThat(f.host.namespaces).isEmpty();
    assertThat(orphanDrifts(ResourceSweeper.NAMESPACE)).isEqualTo(1);
  }

  @Test
  void aRemovalThatFailsAgainAfterSucceedingOnceIsWarnedAboutAgain() {
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    String first = strayNamespace();
    f.host.namespaces.put(first, new HashSet<>());
    HostException busy =
        new HostException.Unavailable("delete_namespace", null, 0x80070005, "busy", null);
    f.host.fail("deleteNamespace", () -> busy);
    f.reconciler.sweep(); // warned, then gone on the next sweep
    f.reconciler.sweep();
    assertThat(f.host.namespaces).isEmpty();

    f.host.namespaces.put(first, new HashSet<>());
    f.host.fail("deleteNamespace", () -> busy);
    f.reconciler.sweep();

    assertThat(warningTexts())
        .filteredOn(w -> w.startsWith("Cannot remove orphan namespace " + first))
        .hasSize(2);
  }

  @Test
  void anHcnThatCannotBeEnumeratedSkipsItsEndpointsAndNotTheScratchesTheSystemSweepOrThePasses()
      throws Exception {
    UUID id = f.running(vm("web-01", List.of("nic0")));
    f.host.appear(ReconcileWorkersTest.ORPHAN, FakeHost.OWNER, SystemType.VirtualMachine);
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.host.scratches.add(scratch);
    f.host.fail(
        "listEndpoints",
        () -> new HostException.Unavailable("list_endpoints", null, 0x80070005, "down", null));
    WorkQueue<UUID> queue =
        new WorkQueue<>(java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(1));
    f.newService();
    ReconcileWorkers workers =
        new ReconcileWorkers(
            f.reconciler,
            queue,
            f.definitions,
            f.host,
            f.inventory,
            f.exits,
            f.recording,
            f.clock,
            1,
            java.time.Duration.ofMinutes(10));
    try {
      workers.resync();

      assertThat(f.host.systems).doesNotContainKey(ReconcileWorkersTest.ORPHAN);
      assertThat(f.host.endpoints).contains(STRAY);
      assertThat(f.host.scratches).as("swept all the same").isEmpty();
      assertThat(queue.depth()).as("every definition is queued").isEqualTo(1);
      assertThat(queue.take()).isEqualTo(id);
      assertThat(f.inventory.lastResync()).isNotNull();

      f.reconciler.sweep();
      assertThat(f.host.endpoints).doesNotContain(STRAY);
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
              f.host.plantEndpoint(SystemIds.endpointId(id, "nic0"), FakeHost.OWNER, "late-nic0");
            }
            return store.ids();
          }
        };
    Reconciler reconciler = reconcilerOver(racing);

    reconciler.sweep();

    assertThat(f.host.endpoints).containsExactly(SystemIds.endpointId(added.get(0), "nic0"));
  }

  /** A reconciler of a new service process over the fixture's host and this store. */
  Reconciler reconcilerOver(DefinitionStore store) {
    return ReconcilerBuilder.over(store, new HostAccess(f.host, f.host, f.host), storage)
        .metrics(f.recording)
        .clock(f.clock)
        .build();
  }

  @Test
  void aStoreThatCannotBeReadRemovesNothing() {
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    String ns = strayNamespace();
    f.host.namespaces.put(ns, new HashSet<>());
    String scratch = new SystemSpecs(storage).scratch(UUID.randomUUID(), List.of("layer"));
    f.host.scratches.add(scratch);
    Reconciler reconciler =
        reconcilerOver(
            new DelegatingStore(f.definitions) {
              @Override
              public List<UUID> ids() {
                throw new IllegalStateException("database down");
              }
            });

    reconciler.sweep();

    assertThat(f.host.endpoints).containsExactly(STRAY);
    assertThat(f.host.namespaces).containsOnlyKeys(ns);
    assertThat(f.host.scratches).containsExactly(scratch);
  }

  @Test
  void namespacesThatCannotBeEnumeratedLeaveTheEndpointsToBeSwept() {
    f.host.plantEndpoint(STRAY, FakeHost.OWNER, null);
    f.host.fail(
        "listNamespaces",
        () -> new HostException.Unavailable("list_namespaces", null, 0x80070005, "down", null));
    f.host.fail(
        "subfolders",
        () -> new HostException.Unavailable("list_folders", null, 0x80070005, "down", null));

    f.reconciler.sweep();

    assertThat(f.host.endpoints).isEmpty();
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
