package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File grants (HcsGrantVmAccess) and guest state files through the host layer, over a simulated
 * host that enforces grants as a real host's worker process does.
 */
class HostGrantsTest {

  private static final String VM = "vm-grants-1";

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private SimulatedComputeCore core;
  private HcsHostResources resources;
  private HcsComputeHost host;
  private Path parent;
  private Path disk;
  private Path iso;
  private Path guestState;

  @BeforeEach
  void setUp() throws Exception {
    core =
        new SimulatedComputeCore(
            dir.resolve("sim/systems"), faults, SimulatorSettings.none().withEnforcedGrants());
    resources =
        new HcsHostResources(
            new SimulatedVirtualDisks(faults),
            new SimulatedComputeNetwork(dir.resolve("sim"), faults),
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry());
    host = new HcsComputeHost(core, "orchestrator", "simulated", new SimpleMeterRegistry());
    Files.createDirectories(dir.resolve("storage"));
    parent = dir.resolve("images/base.vhdx");
    Files.createDirectories(parent.getParent());
    new SimulatedVirtualDisks(faults).createDynamicDisk(parent.toString(), 1L << 30);
    disk = dir.resolve("storage/os.vhdx");
    resources.ensureDisk(new DiskRequest(disk.toString(), parent.toString(), 0));
    iso = dir.resolve("images/setup.iso");
    Files.writeString(iso, "iso");
    guestState = dir.resolve("storage/vm.vmgs");
    resources.ensureGuestStateFile(guestState.toString());
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private SystemSpec spec() {
    return new SystemSpec(
            VM,
            SystemType.VirtualMachine,
            2,
            2048,
            List.of(
                new SystemSpec.AttachedDisk(disk.toString(), false, false),
                new SystemSpec.AttachedDisk(iso.toString(), true, true)),
            List.of(),
            List.of(),
            null,
            null)
        .withGuestStateFile(guestState.toString());
  }

  private void grantAllBut(Path missing) {
    for (Path file : List.of(disk, parent, iso, guestState)) {
      if (!file.equals(missing)) {
        resources.grantAccess(VM, file.toString());
      }
    }
  }

  @Test
  void aVmWithEveryFileGrantedIsCreatedAndStarts() {
    grantAllBut(null);

    host.create(spec());
    host.start(VM);

    assertThat(host.inspect(VM)).map(ObservedSystem::state).contains(SystemState.Running);
  }

  @Test
  void aDiskWithoutAGrantFailsTheCreateTerminallyNamingTheFile() {
    grantAllBut(disk);

    assertThatThrownBy(() -> host.create(spec()))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(disk.toString())
        .hasMessageContaining("access denied");
    assertThat(host.inspect(VM)).isEqualTo(Optional.empty());
  }

  @Test
  void theParentOfADifferencingDiskNeedsItsOwnGrant() {
    grantAllBut(parent);

    assertThatThrownBy(() -> host.create(spec()))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(parent.toString());
  }

  @Test
  void theGuestStateFileNeedsAGrant() {
    grantAllBut(guestState);

    assertThatThrownBy(() -> host.create(spec()))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(guestState.toString());
  }

  @Test
  void aGrantRevokedBeforeStartFailsTheStart() {
    grantAllBut(null);
    host.create(spec());

    resources.revokeAccess(VM, iso.toString());

    assertThatThrownBy(() -> host.start(VM))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(iso.toString());
  }

  @Test
  void revokingTheGrantOfAFileThatIsGoneIsDone() throws Exception {
    resources.grantAccess(VM, iso.toString());
    Files.delete(iso);

    resources.revokeAccess(VM, iso.toString());

    assertThat(core.isGranted(VM, iso.toString())).isFalse();
  }

  @Test
  void theGuestStateFileIsMadeOnceAndNamedInTheVmDocument() throws Exception {
    Files.writeString(guestState, "firmware variables");

    resources.ensureGuestStateFile(guestState.toString());

    assertThat(Files.readString(guestState)).isEqualTo("firmware variables");
    assertThat(host.document(spec()))
        .contains("\"GuestState\":{\"GuestStateFilePath\":")
        .contains(guestState.getFileName().toString());
  }
}
