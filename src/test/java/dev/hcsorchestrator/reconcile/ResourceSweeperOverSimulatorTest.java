package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.NetworkOnHost;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsContainerResources;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.ListedNetwork;
import dev.hcsorchestrator.host.NetworkRequest;
import dev.hcsorchestrator.host.ScratchRequest;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;

/**
 * The resource sweep over the typed host on the simulated HCN, storage and virtdisk, which refuse
 * to delete an endpoint still in a namespace or a namespace still holding endpoints: orphans go in
 * the only order that works, the rest stays.
 */
class ResourceSweeperOverSimulatorTest {

  static final String OWNER = "hcs-orchestrator";
  static final String FOREIGN_ENDPOINT = "7e3c1a2b-9d8f-4e6a-8b5c-1f2e3d4c5b6a";
  static final String FOREIGN_NAMESPACE = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

  @TempDir Path dir;
  final SimulatorFaults faults = new SimulatorFaults();
  final InMemoryDefinitions definitions = new InMemoryDefinitions();
  final List<String> drifts = new CopyOnWriteArrayList<>();
  SimulatedComputeCore core;
  SimulatedComputeNetwork network;
  HcsHostResources ours;
  HcsHostResources docker;
  HcsContainerResources containers;
  Reconciler reconciler;
  SystemSpecs specs;
  List<String> layers;

  @BeforeEach
  void setUp() throws Exception {
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);
    SimulatedComputeStorage storage =
        new SimulatedComputeStorage(dir.resolve("sim/storage"), disks);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SimulatedHvSocketRegistry sockets = new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets"));
    ours = new HcsHostResources(disks, network, sockets, core, OWNER, registry);
    docker = new HcsHostResources(disks, network, sockets, core, "docker", registry);
    containers = new HcsContainerResources(network, storage, disks, registry);
    layers = List.of(Files.createDirectories(dir.resolve("images/base")).toString());
    specs = new SystemSpecs(dir.resolve("storage"));
    ReconcileMetrics metrics =
        new ReconcileMetrics() {
          @Override
          public void reconciled(String result, long durationNanos) {}

          @Override
          public void restarted(String kind, String reason) {}

          @Override
          public void drift(String kind, String cause) {
            drifts.add(kind + " " + cause);
          }
        };
    reconciler =
        ReconcilerBuilder.over(
                definitions,
                new HostAccess(
                    new HcsComputeHost(core, OWNER, "simulated", registry), ours, containers),
                dir.resolve("storage"))
            .metrics(metrics)
            .clock(new MutableClock(Instant.parse("2026-11-28T10:00:00Z")))
            .build();
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  List<String> endpoints() {
    return HcsJson.lenientMapper()
        .readValue(network.enumerateEndpoints(null), new TypeReference<List<String>>() {});
  }

  List<String> namespaces() {
    return HcsJson.lenientMapper()
        .readValue(network.enumerateNamespaces(null), new TypeReference<List<String>>() {});
  }

  String endpoint(HcsHostResources by, String id, String name) {
    return by.ensureEndpoint(new EndpointRequest(id, name, "nat", null)).id();
  }

  @Test
  void ourOrphansGoInTheOrderHcnAcceptsAndWhatLacksOurNamingStays() throws Exception {
    // a container definition the store holds: its namespace and scratch are claimed
    UUID kept = definitions.add(ResourceSweeperTest.container("c1", List.of("eth0"))).id();
    String keptNamespace = SystemIds.namespaceId(kept);
    String keptEndpoint = endpoint(ours, SystemIds.endpointId(kept, "eth0"), "c1-eth0");
    containers.ensureNamespace(keptNamespace);
    containers.addNamespaceEndpoint(keptNamespace, keptEndpoint);
    String keptScratch = specs.scratch(kept, List.of("layer"));
    containers.mountScratch(new ScratchRequest(keptScratch, layers, 1L << 30));
    // an endpoint made by hand into the kept container's namespace
    String intruder = endpoint(ours, "0d9f3b6e-5a1c-4c7e-9b2a-6f4e8d1c2b3a", "by-hand");
    containers.addNamespaceEndpoint(keptNamespace, intruder);

    // what a definition deleted while the service was down left behind
    UUID gone = UUID.randomUUID();
    String goneNamespace = SystemIds.namespaceId(gone);
    String goneEndpoint = endpoint(ours, SystemIds.endpointId(gone, "eth0"), "old-eth0");
    containers.ensureNamespace(goneNamespace);
    containers.addNamespaceEndpoint(goneNamespace, goneEndpoint);
    String goneScratch = specs.scratch(gone, List.of("layer"));
    containers.mountScratch(new ScratchRequest(goneScratch, layers, 1L << 30));

    // another owner's endpoint in a namespace without our marker
    endpoint(docker, FOREIGN_ENDPOINT, "docker-nat");
    containers.ensureNamespace(FOREIGN_NAMESPACE);
    containers.addNamespaceEndpoint(FOREIGN_NAMESPACE, FOREIGN_ENDPOINT);

    reconciler.sweep();

    assertThat(endpoints()).containsExactlyInAnyOrder(keptEndpoint, FOREIGN_ENDPOINT);
    assertThat(namespaces()).containsExactlyInAnyOrder(keptNamespace, FOREIGN_NAMESPACE);
    assertThat(containers.namespaceEndpoints(keptNamespace)).containsExactly(keptEndpoint);
    assertThat(containers.namespaceEndpoints(FOREIGN_NAMESPACE)).containsExactly(FOREIGN_ENDPOINT);
    assertThat(containers.holdsScratch(keptScratch)).isTrue();
    assertThat(containers.holdsScratch(goneScratch)).isFalse();
    assertThat(specs.folder(gone)).doesNotExist();
    assertThat(drifts)
        .containsExactlyInAnyOrder(
            "Namespace orphan", "Endpoint orphan", "Endpoint orphan", "Scratch orphan");
    assertThat(definitions.eventMessages(kept, EventType.OrphanRemoved))
        .containsExactly(
            "Removed HCN endpoint "
                + intruder
                + " (by-hand) that no adapter of this definition claims");
  }

  @Test
  void aFolderOfTheStorageRootThatHoldsSomethingElseStays() throws Exception {
    UUID gone = UUID.randomUUID();
    String scratch = specs.scratch(gone, List.of("layer"));
    containers.mountScratch(new ScratchRequest(scratch, layers, 1L << 30));
    Path owners = Files.writeString(specs.folder(gone).resolve("notes.txt"), "not ours");

    reconciler.sweep();

    assertThat(containers.holdsScratch(scratch)).isFalse();
    assertThat(owners).hasContent("not ours");
    assertThat(drifts).containsExactly("Scratch orphan");
  }

  ListedNetwork hostNetwork(String name) {
    return ours.listNetworks().stream()
        .filter(n -> name.equals(n.name()))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two host networks named " + name);
            })
        .orElse(null);
  }

  @Test
  void aChangedDeclarationNoDefinitionUsesReplacesTheHostNetworkAndLeavesNothingBehind() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.61.0.0/24", "10.61.0.1"));
    ours.ensureNetwork(new NetworkRequest("lab", "NAT", "10.61.0.0/24", "10.61.0.1"));
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.62.0.0/24", "10.62.0.1"));

    reconciler.sweep();

    ListedNetwork lab = hostNetwork("lab");
    assertThat(lab.owner()).isEqualTo(OWNER);
    assertThat(lab.subnet()).isEqualTo("10.62.0.0/24");
    assertThat(lab.gateway()).isEqualTo("10.62.0.1");
    assertThat(drifts).containsExactly("Network changed");
    int networks = ours.listNetworks().size();
    reconciler.sweep();
    assertThat(drifts).as("a second sweep finds nothing to change").hasSize(1);
    assertThat(ours.listNetworks()).hasSize(networks);
  }

  @Test
  void aChangedDeclarationADefinitionStillUsesKeepsItsHostNetwork() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.61.0.0/24", "10.61.0.1"));
    ours.ensureNetwork(new NetworkRequest("lab", "NAT", "10.61.0.0/24", "10.61.0.1"));
    definitions.add(definitionOn("user", "lab"));
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.62.0.0/24", "10.62.0.1"));

    reconciler.sweep();

    assertThat(hostNetwork("lab").subnet()).isEqualTo("10.61.0.0/24");
    assertThat(drifts).isEmpty();
  }

  static DefinitionSpec definitionOn(String name, String network) {
    DefinitionSpec vm = ResourceSweeperTest.vm(name, List.of());
    VirtualMachineSpec parts = vm.virtualMachine();
    return SpecBuilder.bare(name, vm.kind())
        .desired(DesiredState.Stopped)
        .restart(vm.restartPolicy())
        .shutdownTimeout(30)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                parts.processors(),
                parts.memoryMB(),
                parts.disks(),
                List.of(new NetworkAdapterSpec("nic0", network, null)),
                List.of()))
        .build();
  }

  @Test
  void aDeclaredNetworkNamedLikeAForeignHostNetworkFailsItsUsersInsteadOfUsingIt() {
    // the simulated host has its own "nat" network, 172.30.0.0/20, made by no service of ours
    definitions.declare(new Network("nat", Network.NetworkType.NAT, "10.70.0.0/24", "10.70.0.1"));
    UUID id = definitions.add(running(definitionOn("web", "nat"))).id();

    reconciler.reconcile(id);

    DefinitionStatus status = definitions.get(id).orElseThrow().status();
    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.message())
        .isEqualTo(
            "Declared network nat has the name of a host network this service did not make;"
                + " declare it under another name, or delete the declaration to use the host's"
                + " network");
    assertThat(hostNetwork("nat").subnet()).isEqualTo("172.30.0.0/20");
  }

  @Test
  void aDeclaredSubnetOverlappingAForeignHostNetworkFailsItsUsers() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "172.30.4.0/24", "172.30.4.1"));
    UUID id = definitions.add(running(definitionOn("web", "lab"))).id();

    reconciler.reconcile(id);

    DefinitionStatus status = definitions.get(id).orElseThrow().status();
    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.message())
        .isEqualTo(
            "The subnet 172.30.4.0/24 of declared network lab overlaps the subnet 172.30.0.0/20"
                + " of host network nat, which this service did not make; declare another subnet");
    assertThat(hostNetwork("lab")).isNull();
  }

  static DefinitionSpec running(DefinitionSpec s) {
    return s.withDesiredState(DesiredState.Running);
  }

  NetworkOnHost report(String network) {
    return definitions.networkReports.get(network);
  }

  @Test
  void aForeignClashIsReportedOnTheNetworkWhileADefinitionHereNeedsItAndGoesWithIt() {
    definitions.declare(new Network("nat", Network.NetworkType.NAT, "10.70.0.0/24", "10.70.0.1"));
    UUID id = definitions.add(running(definitionOn("web", "nat"))).id();

    reconciler.reconcile(id);

    String failure = definitions.get(id).orElseThrow().status().message();
    assertThat(report("nat").state()).isEqualTo(NetworkOnHost.State.Failed);
    assertThat(report("nat").message()).isEqualTo(failure);
    reconciler.sweep();
    assertThat(report("nat").state())
        .as("the sweep finds the clash too")
        .isEqualTo(NetworkOnHost.State.Failed);
    assertThat(report("nat").message()).isEqualTo(failure);

    definitions.remove(id);
    reconciler.sweep();
    assertThat(definitions.networkReports).as("no definition here needs it").isEmpty();
    assertThat(hostNetwork("nat").subnet()).isEqualTo("172.30.0.0/20");
  }

  @Test
  void aNetworkMadeForADefinitionIsReportedReady() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.63.0.0/24", "10.63.0.1"));
    UUID id = definitions.add(running(definitionOn("web", "lab"))).id();

    reconciler.reconcile(id);

    assertThat(hostNetwork("lab").subnet()).isEqualTo("10.63.0.0/24");
    assertThat(report("lab").state()).isEqualTo(NetworkOnHost.State.Ready);
    assertThat(report("lab").message()).isNull();
    reconciler.sweep();
    assertThat(hostNetwork("lab")).isNotNull();
    assertThat(report("lab").state()).isEqualTo(NetworkOnHost.State.Ready);
  }

  @Test
  void aDeclaredNetworkGoesFromAHostWhoseDefinitionsNoLongerUseItWhileOtherHostsUseIt() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.64.0.0/24", "10.64.0.1"));
    UUID id = definitions.add(running(definitionOn("web", "lab"))).id();
    reconciler.reconcile(id);
    assertThat(hostNetwork("lab")).isNotNull();

    // its user moved to another host of the fleet: nothing of it stays here
    definitions.remove(id);
    definitions.usedElsewhere.add("lab");
    reconciler.sweep();

    assertThat(hostNetwork("lab")).isNull();
    assertThat(endpoints()).isEmpty();
    assertThat(drifts).contains("Network orphan");
    assertThat(definitions.networkReports).isEmpty();
  }

  @Test
  void anOrphanScratchGoesAndALinkNamedAfterNoDefinitionIsNotFollowed() throws Exception {
    UUID kept = definitions.add(ResourceSweeperTest.container("c1", List.of())).id();
    String keptScratch = specs.scratch(kept, List.of("layer"));
    containers.mountScratch(new ScratchRequest(keptScratch, layers, 1L << 30));
    String orphan = specs.scratch(UUID.randomUUID(), List.of("layer"));
    containers.mountScratch(new ScratchRequest(orphan, layers, 1L << 30));
    // a link in the storage root, named as a definition that does not exist, to a scratch
    // elsewhere: what it leads to is not ours to sweep
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    String foreign = elsewhere.resolve("scratch-1").toString();
    containers.mountScratch(new ScratchRequest(foreign, layers, 1L << 30));
    Path link = dir.resolve("storage").resolve(UUID.randomUUID().toString());
    Files.createSymbolicLink(link, elsewhere);

    reconciler.sweep();

    assertThat(containers.holdsScratch(keptScratch)).isTrue();
    assertThat(containers.holdsScratch(orphan)).isFalse();
    assertThat(Path.of(orphan).getParent()).doesNotExist();
    assertThat(containers.holdsScratch(foreign)).isTrue();
    assertThat(link).isSymbolicLink();
    assertThat(drifts).containsExactly("Scratch orphan");
  }

  @Test
  void aDeclaredNetworkNoDefinitionAnywhereUsesStaysWhereItWasMade() {
    definitions.declare(new Network("lab", Network.NetworkType.NAT, "10.65.0.0/24", "10.65.0.1"));
    UUID id = definitions.add(running(definitionOn("web", "lab"))).id();
    reconciler.reconcile(id);

    definitions.remove(id);
    reconciler.sweep();

    // kept for the next user; a changed declaration is applied to it
    assertThat(hostNetwork("lab").subnet()).isEqualTo("10.65.0.0/24");
    assertThat(report("lab").state()).isEqualTo(NetworkOnHost.State.Ready);
    assertThat(drifts).doesNotContain("Network orphan");
  }
}
