package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Namespaces and scratch volumes over the simulated HCN, storage and compute core. */
class HcsContainerResourcesTest {

  private static final String NAMESPACE = "5f0c1d2e-3a4b-5c6d-8e9f-0a1b2c3d4e5f";
  private static final String ENDPOINT = "8c1e4f9a-2b3d-5e6f-9a0b-1c2d3e4f5a6b";

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private SimulatedComputeCore core;
  private SimulatedComputeNetwork network;
  private SimulatedComputeStorage storage;
  private HcsHostResources hostResources;
  private HcsContainerResources resources;
  private Path base;
  private Path app;

  @BeforeEach
  void setUp() throws Exception {
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);
    storage = new SimulatedComputeStorage(dir.resolve("sim/storage"), disks, faults);
    core.setContainerStorageCheck(ContainerStorageCheck.mountedBy(storage));
    hostResources =
        new HcsHostResources(
            disks,
            network,
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry());
    resources = new HcsContainerResources(network, storage, disks, new SimpleMeterRegistry());
    base = Files.createDirectories(dir.resolve("images/windows-base"));
    app = Files.createDirectories(dir.resolve("images/app-layer"));
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private String container(ScratchVolume volume) {
    return HcsJson.write(
        Map.of(
            "Owner",
            "orchestrator",
            "SchemaVersion",
            Map.of("Major", 2, "Minor", 1),
            "Container",
            Map.of(
                "Storage",
                Map.of(
                    "Path",
                    volume.volumePath(),
                    "Layers",
                    volume.layers().stream()
                        .map(l -> Map.of("Id", l.id(), "Path", l.path()))
                        .toList()),
                "Networking",
                Map.of("Namespace", NAMESPACE))));
  }

  @Test
  void aContainerRunsOnItsMountedScratchVolumeInItsNamespace() {
    hostResources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    resources.ensureNamespace(NAMESPACE);
    resources.addNamespaceEndpoint(NAMESPACE, ENDPOINT);
    ScratchVolume volume =
        resources.mountScratch(
            new ScratchRequest(
                dir.resolve("storage/def-1").toString(),
                List.of(app.toString(), base.toString()),
                ScratchRequest.DEFAULT_SIZE_BYTES));

    assertThat(volume.volumePath()).matches("\\\\\\\\\\?\\\\Volume\\{[0-9a-f-]{36}}\\\\");
    assertThat(volume.layers())
        .extracting(ScratchVolume.LayerId::path)
        .containsExactly(app.toString(), base.toString());
    assertThat(resources.namespaceEndpoints(NAMESPACE)).containsExactly(ENDPOINT);
    core.createComputeSystem("web-01", container(volume));
    assertThat(core.enumerateComputeSystems(null)).contains("web-01");
  }

  @Test
  void theSimulatedCoreRefusesAStoragePathTheHostDidNotMount() {
    ScratchVolume plainFolder =
        new ScratchVolume(
            dir.resolve("storage/def-1").toString(),
            List.of(new ScratchVolume.LayerId(storage.layerId(base.toString()), base.toString())));

    assertThatThrownBy(() -> core.createComputeSystem("web-01", container(plainFolder)))
        .isInstanceOf(HcsException.class)
        .hasMessageContaining("is not a writable layer volume");
  }

  @Test
  void everyEnsureIsIdempotentAndAMountOfAStillMountedScratchAttachesItOnce() {
    ScratchRequest request =
        new ScratchRequest(
            dir.resolve("storage/def-1").toString(), List.of(base.toString()), 1L << 30);
    resources.ensureNamespace(NAMESPACE);
    resources.ensureNamespace(NAMESPACE);
    hostResources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    resources.addNamespaceEndpoint(NAMESPACE, ENDPOINT);
    resources.addNamespaceEndpoint(NAMESPACE, ENDPOINT);

    ScratchVolume first = resources.mountScratch(request);
    ScratchVolume again =
        new HcsContainerResources(
                network, storage, new SimulatedVirtualDisks(faults), new SimpleMeterRegistry())
            .mountScratch(request);

    assertThat(again).isEqualTo(first);
    assertThat(resources.namespaceEndpoints(NAMESPACE)).containsExactly(ENDPOINT);
  }

  @Test
  void eachIncarnationMountsTheVolumeAfterThePreviousUnmountAndTheVolumeStays() {
    ScratchRequest request =
        new ScratchRequest(
            dir.resolve("storage/def-1").toString(), List.of(base.toString()), 1L << 30);

    for (int incarnation = 1; incarnation <= 3; incarnation++) {
      ScratchVolume volume = resources.mountScratch(request);
      core.createComputeSystem("web-" + incarnation, container(volume));
      assertThat(storage.servesContainerStorage(volume.volumePath())).isTrue();
      core.terminateComputeSystem("web-" + incarnation, null);
      resources.unmountScratch(request.folder());
      assertThat(storage.servesContainerStorage(volume.volumePath())).isFalse();
    }
    resources.unmountScratch(request.folder()); // not attached: done
  }

  @Test
  void aVolumeNotReadyRightAfterTheAttachIsAskedForAgainABoundedNumberOfTimes() {
    ScratchRequest request =
        new ScratchRequest(
            dir.resolve("storage/def-1").toString(), List.of(base.toString()), 1L << 30);
    faults.inject("LayerMountPath", HResults.E_NOT_READY, HcsContainerResources.MOUNT_ATTEMPTS - 1);

    ScratchVolume volume = resources.mountScratch(request);

    assertThat(storage.servesContainerStorage(volume.volumePath())).isTrue();
    resources.unmountScratch(request.folder());
    faults.inject("LayerMountPath", HResults.E_NOT_READY, HcsContainerResources.MOUNT_ATTEMPTS);
    assertThatThrownBy(() -> resources.mountScratch(request))
        .isInstanceOf(HostException.class)
        .hasMessageContaining("ERROR_NOT_READY");
  }

  @Test
  void aScratchInitializedWithOtherIdsForTheSameFoldersKeepsItsIds() {
    ScratchRequest request =
        new ScratchRequest(
            dir.resolve("storage/def-1").toString(), List.of(base.toString()), 1L << 30);
    ScratchVolume before = resources.mountScratch(request);
    resources.unmountScratch(request.folder());
    // an upgrade that computes layer ids otherwise (as NameToGuid replaced the service's own ids)
    dev.hcsorchestrator.host.hcs.ComputeStorage otherIds =
        (dev.hcsorchestrator.host.hcs.ComputeStorage)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.hcsorchestrator.host.hcs.ComputeStorage.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("layerId")) {
                    return "00000000-0000-5000-8000-000000000001";
                  }
                  try {
                    return method.invoke(storage, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    HcsContainerResources upgraded =
        new HcsContainerResources(
            network, otherIds, new SimulatedVirtualDisks(faults), new SimpleMeterRegistry());

    ScratchVolume after = upgraded.mountScratch(request);

    assertThat(after).isEqualTo(before);
    assertThat(storage.servesContainerStorage(after.volumePath())).isTrue();
  }

  @Test
  void aMissingLayerFolderIsAnErrorNamingIt() {
    String missing = dir.resolve("images/not-there").toString();

    assertThatThrownBy(
            () ->
                resources.mountScratch(
                    new ScratchRequest(
                        dir.resolve("storage/def-1").toString(), List.of(missing), 1L << 30)))
        .isInstanceOf(HostException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void teardownInOrderLeavesNothingAndRepeatsHarmlessly() {
    String folder = dir.resolve("storage/def-1").toString();
    hostResources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    resources.ensureNamespace(NAMESPACE);
    resources.addNamespaceEndpoint(NAMESPACE, ENDPOINT);
    ScratchVolume volume =
        resources.mountScratch(new ScratchRequest(folder, List.of(base.toString()), 1L << 30));

    for (int round = 0; round < 2; round++) {
      resources.removeNamespaceEndpoint(NAMESPACE, ENDPOINT);
      hostResources.deleteEndpoint(ENDPOINT);
      resources.deleteNamespace(NAMESPACE);
      resources.deleteScratch(folder);
    }

    assertThat(network.enumerateNamespaces(null)).isEqualTo("[]");
    assertThat(network.enumerateEndpoints(null)).isEqualTo("[]");
    assertThat(storage.servesContainerStorage(volume.volumePath())).isFalse();
    assertThat(Path.of(folder)).isEmptyDirectory();
  }

  @Test
  void anEndpointStillInANamespaceCannotBeDeleted() {
    hostResources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    resources.ensureNamespace(NAMESPACE);
    resources.addNamespaceEndpoint(NAMESPACE, ENDPOINT);

    assertThatThrownBy(() -> hostResources.deleteEndpoint(ENDPOINT))
        .isInstanceOf(HostException.class);
    assertThatThrownBy(() -> resources.deleteNamespace(NAMESPACE))
        .isInstanceOf(HostException.class);
  }

  @Test
  void anEndpointKeepsItsMacAndAddressWhenMadeAgain() {
    Endpoint first =
        hostResources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    hostResources.deleteEndpoint(ENDPOINT);

    Endpoint again =
        hostResources.ensureEndpoint(
            new EndpointRequest(
                ENDPOINT, "web-01-nic0", "nat", first.macAddress(), first.ipAddress()));

    assertThat(first.ipAddress()).startsWith("172.30.");
    assertThat(again).isEqualTo(first);
  }
}
