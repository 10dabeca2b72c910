package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the orphan sweep enumerates, over the simulated HCN, storage and file system. */
class HostEnumerationsTest {

  static final String OURS = "0D5C7E61-9A3B-5F0E-8C1D-2B3A4C5D6E7F";
  static final String FOREIGN = "7e3c1a2b-9d8f-4e6a-8b5c-1f2e3d4c5b6a";
  static final String NAMESPACE = "5F0C1D2E-3A4B-5C6D-8E9F-0A1B2C3D4E5F";

  @TempDir Path dir;
  final SimulatorFaults faults = new SimulatorFaults();
  SimulatedComputeCore core;
  SimulatedComputeNetwork network;
  HcsHostResources resources;
  HcsContainerResources containers;

  @BeforeEach
  void setUp() {
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);
    resources =
        new HcsHostResources(
            disks,
            network,
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry());
    containers =
        new HcsContainerResources(
            network,
            new SimulatedComputeStorage(dir.resolve("sim/storage"), disks),
            disks,
            new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void everyEndpointIsListedWithItsOwnerAndNameAndALowerCaseId() {
    resources.ensureEndpoint(new EndpointRequest(OURS, "web-01-nic0", "nat", null));
    network.createEndpoint(
        SimulatedComputeNetwork.NAT_NETWORK_ID,
        FOREIGN,
        HcsJson.write(
            new HcnEndpoint(
                FOREIGN, "docker", null, null, null, null, null, HcnNetwork.HCN_SCHEMA)));

    assertThat(resources.listEndpoints())
        .containsExactlyInAnyOrder(
            new ListedEndpoint(OURS.toLowerCase(), "orchestrator", "web-01-nic0"),
            new ListedEndpoint(FOREIGN, "docker", null));
  }

  @Test
  void everyNetworkIsListedWithItsOwnerAndName() {
    resources.ensureNetwork(new NetworkRequest("lab", "NAT", "10.77.0.0/24", "10.77.0.1"));

    List<ListedNetwork> listed = resources.listNetworks();

    assertThat(listed)
        .filteredOn(n -> "lab".equals(n.name()))
        .singleElement()
        .satisfies(n -> assertThat(n.owner()).isEqualTo("orchestrator"))
        .satisfies(n -> assertThat(n.id()).isEqualTo(n.id().toLowerCase()));
    assertThat(listed)
        .as("the host's own NAT network is listed, not as ours")
        .anySatisfy(n -> assertThat(n.owner()).isNotEqualTo("orchestrator"));
  }

  @Test
  void anEndpointGoneBetweenTheEnumerationAndItsQueryIsLeftOut() {
    resources.ensureEndpoint(new EndpointRequest(OURS, "web-01-nic0", "nat", null));
    HcsHostResources racing =
        new HcsHostResources(
            new SimulatedVirtualDisks(faults),
            new ForwardingNetwork(network) {
              @Override
              public String queryEndpointProperties(String id, String query) {
                network.deleteEndpoint(id);
                return network.queryEndpointProperties(id, query);
              }
            },
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry());

    assertThat(racing.listEndpoints()).isEmpty();
  }

  @Test
  void aFailingQueryOfAListedEndpointFailsTheListing() {
    resources.ensureEndpoint(new EndpointRequest(OURS, "web-01-nic0", "nat", null));
    HcsHostResources failing =
        new HcsHostResources(
            new SimulatedVirtualDisks(faults),
            new ForwardingNetwork(network) {
              @Override
              public String queryEndpointProperties(String id, String query) {
                throw new HcsException("HcnQueryEndpointProperties", HResults.E_FAIL, "x", null);
              }
            },
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry());

    org.assertj.core.api.Assertions.assertThatThrownBy(failing::listEndpoints)
        .isInstanceOf(HostException.class);
  }

  @Test
  void namespacesAreListedInLowerCase() {
    assertThat(containers.listNamespaces()).isEmpty();
    containers.ensureNamespace(NAMESPACE);

    assertThat(containers.listNamespaces()).containsExactly(NAMESPACE.toLowerCase());
  }

  @Test
  void subfoldersAreTheFoldersDirectlyInAPathSorted() throws Exception {
    Path root = Files.createDirectories(dir.resolve("storage"));
    Files.createDirectories(root.resolve("b/nested"));
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("file.txt"), "not a folder");
    Files.createSymbolicLink(root.resolve("link"), dir);

    assertThat(resources.subfolders(root.toString())).containsExactly("a", "b");
    assertThat(resources.subfolders(root.resolve("missing").toString())).isEmpty();
    assertThat(resources.subfolders(root.resolve("file.txt").toString())).isEmpty();
  }

  @Test
  void namesAreEverythingDirectlyInAPathAndOnlyAFolderThatIsNoLinkIsAFolder() throws Exception {
    Path root = Files.createDirectories(dir.resolve("storage"));
    Files.createDirectories(root.resolve("b/nested"));
    Files.writeString(root.resolve("file.txt"), "not a folder");
    Files.createSymbolicLink(root.resolve("link"), dir);

    assertThat(resources.names(root.toString())).containsExactlyInAnyOrder("b", "file.txt", "link");
    assertThat(resources.names(root.resolve("missing").toString())).isEmpty();
    assertThat(resources.names(root.resolve("file.txt").toString())).isEmpty();
    assertThat(resources.isFolder(root.resolve("b").toString())).isTrue();
    assertThat(resources.isFolder(root.resolve("file.txt").toString())).isFalse();
    assertThat(resources.isFolder(root.resolve("link").toString())).as("a link").isFalse();
    assertThat(resources.isFolder(root.resolve("missing").toString())).isFalse();
  }

  @Test
  void aFolderHoldsAScratchFromItsFirstFileUntilItIsDeleted() throws Exception {
    Path folder = dir.resolve("storage/def-1/scratch");
    assertThat(containers.holdsScratch(folder.toString())).isFalse();
    Files.createDirectories(folder);
    assertThat(containers.holdsScratch(folder.toString())).as("an empty folder").isFalse();
    Files.writeString(folder.resolve(HcsContainerResources.FORMATTED), "");
    assertThat(containers.holdsScratch(folder.toString())).as("a marker alone").isTrue();
    Files.delete(folder.resolve(HcsContainerResources.FORMATTED));
    Files.writeString(folder.resolve(HcsContainerResources.INITIALIZED), "");
    assertThat(containers.holdsScratch(folder.toString())).isTrue();
    Files.delete(folder.resolve(HcsContainerResources.INITIALIZED));
    Path base = Files.createDirectories(dir.resolve("images/base"));

    containers.mountScratch(
        new ScratchRequest(folder.toString(), List.of(base.toString()), 1L << 30));
    assertThat(containers.holdsScratch(folder.toString())).isTrue();

    containers.deleteScratch(folder.toString());
    assertThat(containers.holdsScratch(folder.toString())).isFalse();
    assertThat(containers.holdsScratch("bad\0path")).isFalse();
  }

  /** HCN as the wrapped one answers it; tests override the call they race or fail. */
  static class ForwardingNetwork implements dev.hcsorchestrator.host.hcs.ComputeNetwork {
    private final dev.hcsorchestrator.host.hcs.ComputeNetwork network;

    ForwardingNetwork(dev.hcsorchestrator.host.hcs.ComputeNetwork network) {
      this.network = network;
    }

    @Override
    public String enumerateNetworks(String query) {
      return network.enumerateNetworks(query);
    }

    @Override
    public void createNetwork(String id, String settings) {
      network.createNetwork(id, settings);
    }

    @Override
    public String queryNetworkProperties(String id, String query) {
      return network.queryNetworkProperties(id, query);
    }

    @Override
    public void deleteNetwork(String id) {
      network.deleteNetwork(id);
    }

    @Override
    public String enumerateEndpoints(String query) {
      return network.enumerateEndpoints(query);
    }

    @Override
    public void createEndpoint(String networkId, String id, String settings) {
      network.createEndpoint(networkId, id, settings);
    }

    @Override
    public String queryEndpointProperties(String id, String query) {
      return network.queryEndpointProperties(id, query);
    }

    @Override
    public void deleteEndpoint(String id) {
      network.deleteEndpoint(id);
    }

    @Override
    public String enumerateNamespaces(String query) {
      return network.enumerateNamespaces(query);
    }

    @Override
    public void createNamespace(String id, String settings) {
      network.createNamespace(id, settings);
    }

    @Override
    public String queryNamespaceProperties(String id, String query) {
      return network.queryNamespaceProperties(id, query);
    }

    @Override
    public void modifyNamespace(String id, String settings) {
      network.modifyNamespace(id, settings);
    }

    @Override
    public void deleteNamespace(String id) {
      network.deleteNamespace(id);
    }
  }
}
