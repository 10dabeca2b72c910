package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disks, endpoints, networks, sockets and state files over the simulated DLLs. */
class HcsHostResourcesTest {

  private static final String ENDPOINT = "0d5c7e61-9a3b-5f0e-8c1d-2b3a4c5d6e7f";
  private static final String SERVICE = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private SimulatedComputeCore core;
  private SimulatedComputeNetwork network;
  private HcsHostResources resources;

  @BeforeEach
  void setUp() {
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    resources = newResources();
  }

  private HcsHostResources newResources() {
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    return new HcsHostResources(
        new SimulatedVirtualDisks(faults),
        network,
        new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
        core,
        "orchestrator",
        new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void disksAreCreatedOnceInTheirFolderAndDeletedIdempotently() throws Exception {
    Path os = dir.resolve("storage/def-1/os.vhdx");
    Path data = dir.resolve("storage/def-1/data.vhdx");

    assertThat(resources.ensureDisk(new DiskRequest(os.toString(), "C:\\images\\ws2022.vhdx", 0)))
        .isEqualTo(os.toString());
    resources.ensureDisk(new DiskRequest(data.toString(), null, 20L << 30));
    String marker = Files.readString(os);
    resources.ensureDisk(new DiskRequest(os.toString(), "C:\\images\\ws2022.vhdx", 0));

    assertThat(Files.readString(os)).isEqualTo(marker).contains("ws2022.vhdx");
    assertThat(Files.readString(data)).contains(Long.toString(20L << 30));
    resources.deleteDisk(os.toString());
    resources.deleteDisk(os.toString());
    assertThat(os).doesNotExist();
  }

  @Test
  void diskFaultsAndBadSizesAreClassified() {
    Path disk = dir.resolve("d.vhdx");
    faults.inject("CreateDisk", HResults.fromWin32(32), 1);
    assertThatThrownBy(() -> resources.ensureDisk(new DiskRequest(disk.toString(), null, 1 << 20)))
        .isInstanceOf(HostException.Unavailable.class);
    assertThatThrownBy(() -> resources.ensureDisk(new DiskRequest(disk.toString(), null, 1000)))
        .isInstanceOf(HostException.Rejected.class);
    resources.ensureDisk(new DiskRequest(disk.toString(), null, 1 << 20));
    assertThat(disk).exists();
  }

  @Test
  void natExistsAndEndpointsKeepTheirMacAcrossRestarts() {
    assertThat(resources.networkExists("nat")).isTrue();
    assertThat(resources.networkExists("nope")).isFalse();

    Endpoint first =
        resources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    Endpoint again =
        resources.ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));
    Endpoint afterRestart =
        newResources().ensureEndpoint(new EndpointRequest(ENDPOINT, "web-01-nic0", "nat", null));

    assertThat(first.id()).isEqualTo(ENDPOINT);
    assertThat(first.macAddress()).matches("00-15-5D-[0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2}");
    assertThat(again).isEqualTo(first);
    assertThat(afterRestart).isEqualTo(first);

    resources.deleteEndpoint(ENDPOINT);
    resources.deleteEndpoint(ENDPOINT);
  }

  @Test
  void endpointKeepsARequestedMacAndNeedsAnExistingNetwork() {
    Endpoint e =
        resources.ensureEndpoint(new EndpointRequest(ENDPOINT, "n", "nat", "00-15-5D-AA-BB-CC"));
    assertThat(e.macAddress()).isEqualTo("00-15-5D-AA-BB-CC");

    assertThatThrownBy(
            () ->
                resources.ensureEndpoint(
                    new EndpointRequest(
                        "1d5c7e61-9a3b-5f0e-8c1d-2b3a4c5d6e7f", "n", "missing", null)))
        .isInstanceOf(HostException.NotFound.class)
        .hasMessageContaining("missing");
    faults.inject("CreateEndpoint", HResults.HCN_E_MANAGER_STOPPED, 1);
    assertThatThrownBy(
            () ->
                resources.ensureEndpoint(
                    new EndpointRequest("2d5c7e61-9a3b-5f0e-8c1d-2b3a4c5d6e7f", "n", "nat", null)))
        .isInstanceOf(HostException.Unavailable.class);
  }

  @Test
  void declaredNetworksAreEnsuredAndDeletedOnceUnused() {
    NetworkRequest lab = new NetworkRequest("lab", "Internal", "10.9.0.0/24", "10.9.0.1");
    resources.ensureNetwork(lab);
    resources.ensureNetwork(lab);
    assertThat(resources.networkExists("lab")).isTrue();

    resources.ensureEndpoint(new EndpointRequest(ENDPOINT, "n", "lab", null));
    assertThatThrownBy(() -> resources.deleteNetwork("lab"))
        .isInstanceOf(HostException.InvalidState.class);
    resources.deleteEndpoint(ENDPOINT);
    resources.deleteNetwork("lab");
    resources.deleteNetwork("lab");
    assertThat(resources.networkExists("lab")).isFalse();

    assertThatThrownBy(() -> resources.ensureNetwork(new NetworkRequest("x", "Bogus", null, null)))
        .isInstanceOf(HostException.Rejected.class);
  }

  @Test
  void aSocketRegistrationAnEarlierVersionMadeIsRemovedOnceAndAgainIsDone() {
    new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")).register(SERVICE, "agent");
    resources = newResources(); // a service started after the earlier version ran
    resources.unregisterHvSocket(SERVICE);
    resources.unregisterHvSocket(SERVICE);
    assertThat(new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")).registrations())
        .isEmpty();
  }

  @Test
  void stateFileIsCreatedOnce() {
    Path file = dir.resolve("storage/def-1/state.vmrs");
    resources.ensureStateFile(file.toString());
    resources.ensureStateFile(file.toString());
    assertThat(file).exists();
    resources.deleteFile(file.toString());
    assertThat(file).doesNotExist();
  }
}
