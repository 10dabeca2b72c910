package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A container's namespace and scratch volume as dependents over the fake host (which, as HCS,
 * refuses a container whose storage path is not a mounted volume and, as HCN, an endpoint still in
 * a namespace): what they are, that they stay across incarnations, and that a delete interrupted at
 * any step leaks nothing.
 */
class ContainerDependentsTest {

  @TempDir Path storage;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  FakeHost host = new FakeHost();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  Reconciler reconciler;
  SystemSpecs specs;

  @BeforeEach
  void setUp() {
    newService();
    specs = new SystemSpecs(storage);
  }

  /** A service process (again) over the same store and host: what a crash leaves is all it has. */
  void newService() {
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(definitions, new HostAccess(host, host, host), storage)
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    host.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  static DefinitionSpec container(List<String> layers, List<String> adapters) {
    DefinitionSpec c = ReconcilerTest.container("app", RestartPolicy.Always);
    ContainerSpec s = c.container();
    return SpecBuilder.bare(c.name(), c.kind())
        .desired(c.desiredState())
        .restart(c.restartPolicy())
        .shutdownTimeout(30)
        .labels(c.labels())
        .container(
            new ContainerSpec(
                layers,
                s.command(),
                s.workingDirectory(),
                s.environment(),
                s.processors(),
                s.memoryMB(),
                adapters.stream().map(a -> new NetworkAdapterSpec(a, "nat", null)).toList(),
                s.mappedDirectories()))
        .build();
  }

  static final List<String> LAYERS = List.of("/layers/app", "/layers/base");

  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      if (!(r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero())
          && !queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  SystemSpec.ContainerStorage created(UUID id) {
    return host.systems.get(status(id).computeSystemId()).spec().container();
  }

  @Test
  void aNetworkedContainerJoinsItsNamespaceOnItsMountedVolumeAndKeepsBothAcrossIncarnations() {
    UUID id = definitions.add(container(LAYERS, List.of("eth0", "eth1"))).id();
    converge(id);

    String namespace = SystemIds.namespaceId(id);
    String scratch = specs.scratch(id, LAYERS);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.namespaces.get(namespace))
        .containsExactlyInAnyOrder(
            SystemIds.endpointId(id, "eth0"), SystemIds.endpointId(id, "eth1"));
    assertThat(host.scratches).containsExactly(scratch);
    SystemSpec.ContainerStorage first = created(id);
    assertThat(first.namespaceId()).isEqualTo(namespace);
    assertThat(first.volumePath()).isEqualTo(FakeHost.volume(scratch));
    assertThat(first.scratchFolder()).isEqualTo(scratch);
    assertThat(first.layers()).extracting(l -> l.path()).isEqualTo(LAYERS);
    assertThat(first.layers()).allSatisfy(l -> assertThat(l.id()).isNotNull());
    Bookkeeping b = Bookkeeping.of(status(id));
    assertThat(b.made(NamespaceDependent.NAMESPACE)).containsExactly(namespace);
    assertThat(b.made(ScratchDependent.SCRATCH)).containsExactly(scratch);

    host.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);

    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(created(id)).isEqualTo(first);
    assertThat(host.namespaces).containsOnlyKeys(namespace);
    assertThat(host.scratches).containsExactly(scratch);
  }

  @Test
  void aContainerWithoutAdaptersGetsAScratchButNoNamespace() {
    UUID id = definitions.add(container(LAYERS, List.of())).id();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.namespaces).isEmpty();
    assertThat(created(id).namespaceId()).isNull();
    assertThat(host.scratches).containsExactly(specs.scratch(id, LAYERS));
  }

  @Test
  void aVmGetsNeitherNamespaceNorScratchButAGuestStateFileKeptUntilItIsDeleted() {
    UUID id = definitions.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null)).id();
    converge(id);
    String guestState = specs.guestStateFile(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.namespaces).isEmpty();
    assertThat(host.scratches).isEmpty();
    assertThat(host.files).contains(guestState);
    assertThat(Bookkeeping.of(status(id)).made(GuestStateDependent.GUEST_STATE))
        .containsExactly(guestState);
    assertThat(created(id)).isNull();
    assertThat(host.systems.get(status(id).computeSystemId()).spec().guestStateFile())
        .isEqualTo(guestState);

    host.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(host.files).contains(guestState);

    definitions.delete(id);
    converge(id);
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(host.files).doesNotContain(guestState);
  }

  @Test
  void anAdapterRemovedFromTheSpecLeavesTheNamespaceBeforeItsEndpointIsDeleted() {
    UUID id = definitions.add(container(LAYERS, List.of("eth0", "eth1"))).id();
    converge(id);

    definitions.change(id, s -> container(LAYERS, List.of("eth0")));
    converge(id);

    String eth0 = SystemIds.endpointId(id, "eth0");
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.namespaces.get(SystemIds.namespaceId(id))).containsExactly(eth0);
    assertThat(host.endpoints).containsExactly(eth0);
    assertThat(Bookkeeping.of(status(id)).made(Dependents.ENDPOINT)).containsExactly(eth0);
    assertThat(Bookkeeping.of(status(id)).endpointAddresses()).containsOnlyKeys(eth0);

    definitions.change(id, s -> container(LAYERS, List.of()));
    converge(id);

    assertThat(host.namespaces).as("no adapters left: no namespace").isEmpty();
    assertThat(host.endpoints).isEmpty();
    assertThat(created(id).namespaceId()).isNull();
    assertThat(Bookkeeping.of(status(id)).made(NamespaceDependent.NAMESPACE)).isEmpty();
  }

  @Test
  void otherLayersGetANewScratchAndTheOldOneGoesOnceTheReplacementRuns() {
    UUID id = definitions.add(container(LAYERS, List.of())).id();
    converge(id);
    String old = specs.scratch(id, LAYERS);
    List<String> other = List.of("/layers/app2", "/layers/base");

    definitions.change(id, s -> container(other, List.of()));
    converge(id);

    String now = specs.scratch(id, other);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(host.scratches).containsExactly(now);
    assertThat(created(id).volumePath()).isEqualTo(FakeHost.volume(now));
    assertThat(created(id).layers()).extracting(l -> l.path()).isEqualTo(other);
    assertThat(host.deletedDirectories).contains(old);
    assertThat(Bookkeeping.of(status(id)).made(ScratchDependent.SCRATCH)).containsExactly(now);
    assertThat(Bookkeeping.of(status(id)).scratchVolume().volumePath())
        .isEqualTo(FakeHost.volume(now));
  }

  @Test
  void aMissingLayerFolderFailsTheDefinitionNamingItAndIsNotRetried() {
    host.missingFiles.add("/layers/base");
    UUID id = definitions.add(container(LAYERS, List.of("eth0"))).id();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains("/layers/base");
    assertThat(status(id).nextRetryAt()).isNull();
    assertThat(host.systems).isEmpty();
    int calls = host.operations.size();
    converge(id);
    assertThat(host.operations).as("held in Failed: no retry").hasSize(calls);
  }

  @Test
  void deletionTakesTheEndpointsOutOfTheNamespaceThenDeletesThemTheNamespaceAndTheScratch() {
    UUID id = definitions.add(container(LAYERS, List.of("eth0"))).id();
    converge(id);
    String namespace = SystemIds.namespaceId(id);
    String endpoint = SystemIds.endpointId(id, "eth0");
    String scratch = specs.scratch(id, LAYERS);
    host.operations.clear();

    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(host.operations)
        .containsSubsequence(
            "removeNamespaceEndpoint " + namespace + " " + endpoint,
            "deleteEndpoint " + endpoint,
            "deleteNamespace " + namespace,
            "deleteScratch " + scratch,
            "deleteEmptyDirectory " + scratch,
            "deleteEmptyDirectory " + specs.folder(id));
    assertNothingLeft();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "removeNamespaceEndpoint",
        "deleteEndpoint",
        "deleteNamespace",
        "deleteScratch",
        "deleteEmptyDirectory"
      })
  void aDeleteInterruptedAtAnyStepLeaksNothingOnceAnotherServiceFinishesIt(String step) {
    UUID id = definitions.add(container(LAYERS, List.of("eth0", "eth1"))).id();
    converge(id);

    definitions.delete(id);
    host.fail(step, () -> new HostException.Unavailable(step, null, 0x80004005, "crash", null));
    assertThatThrownBy(() -> converge(id)).isInstanceOf(HostException.Unavailable.class);
    assertThat(definitions.wasRemoved(id)).isFalse();

    newService();
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertNothingLeft();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"CreateEndpoint", "ensureNamespace", "addNamespaceEndpoint", "mountScratch"})
  void aCreateInterruptedAtAnyStepLeaksNothingWhenTheDefinitionIsThenDeleted(String step) {
    UUID id = definitions.add(container(LAYERS, List.of("eth0"))).id();
    host.fail(step, () -> new HostException.Unavailable(step, null, 0x80004005, "crash", null));
    assertThatThrownBy(() -> converge(id)).isInstanceOf(HostException.Unavailable.class);

    newService();
    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertNothingLeft();
  }

  @Test
  void anEndpointDeletedBehindTheServicesBackComesBackWithItsMacAndIpInTheNamespace() {
    UUID id = definitions.add(container(LAYERS, List.of("eth0"))).id();
    converge(id);
    String endpoint = SystemIds.endpointId(id, "eth0");
    String ip = host.addresses.get(endpoint);
    String mac = host.macs.get(endpoint);
    assertThat(Bookkeeping.of(status(id)).endpointAddresses()).containsEntry(endpoint, ip);

    // outside the service: out of the namespace, deleted, and its address handed to another
    host.removeNamespaceEndpoint(SystemIds.namespaceId(id), endpoint);
    host.deleteEndpoint(endpoint);
    host.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(host.addresses).containsEntry(endpoint, ip);
    assertThat(host.macs).containsEntry(endpoint, mac);
    assertThat(host.namespaces.get(SystemIds.namespaceId(id))).containsExactly(endpoint);
  }

  @Test
  void aNamespaceStillHoldingAnEndpointPutInBehindTheServicesBackIsEmptiedThenDeleted() {
    UUID id = definitions.add(container(LAYERS, List.of("eth0"))).id();
    converge(id);
    String namespace = SystemIds.namespaceId(id);
    host.namespaces.get(namespace).add("stray-endpoint");

    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(host.namespaces).isEmpty();
  }

  void assertNothingLeft() {
    assertThat(host.systems).isEmpty();
    assertThat(host.endpoints).isEmpty();
    assertThat(host.namespaces).isEmpty();
    assertThat(host.scratches).isEmpty();
  }
}
