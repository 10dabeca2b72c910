package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.config.StoragePaths;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host layer's own check, right before a path reaches the host: real paths outside the roots
 * are a terminal refusal naming the path, and nothing outside the storage root is ever written or
 * deleted, whatever path the layer above hands down.
 */
class HostPathConfinementTest {

  @TempDir Path dir;
  private Path storage;
  private Path images;
  private Path outside;
  private SimulatedComputeCore core;
  private HcsHostResources resources;
  private SimulatedVirtualDisks disks;
  private HcsComputeHost host;

  @BeforeEach
  void setUp() throws Exception {
    storage = Files.createDirectories(dir.resolve("storage"));
    images = Files.createDirectories(dir.resolve("images"));
    outside = Files.createDirectories(dir.resolve("outside"));
    SimulatorFaults faults = new SimulatorFaults();
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    StoragePaths paths = new StoragePaths(storage, List.of(images));
    disks = new SimulatedVirtualDisks(faults);
    resources =
        new HcsHostResources(
            disks,
            new SimulatedComputeNetwork(dir.resolve("sim"), faults),
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            "orchestrator",
            new SimpleMeterRegistry(),
            paths);
    host = new HcsComputeHost(core, "orchestrator", "simulated", new SimpleMeterRegistry(), paths);
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void filesOutsideTheStorageRootAreNeverDeleted() throws Exception {
    Path image = Files.writeString(images.resolve("base.vhdx"), "image");
    Path secret = Files.writeString(outside.resolve("secret.vhdx"), "secret");
    Path link = storage.resolve("def/link.vhdx");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, secret);

    for (Path target : List.of(image, secret, storage.resolve("../outside/secret.vhdx"), link)) {
      assertThatThrownBy(() -> resources.deleteDisk(target.toString()))
          .as(target.toString())
          .isInstanceOf(HostException.Rejected.class)
          .hasMessageContaining(target.toString());
      assertThatThrownBy(() -> resources.deleteFile(target.toString()))
          .isInstanceOf(HostException.Rejected.class);
    }
    assertThatThrownBy(() -> resources.deleteEmptyDirectory(storage.toString()))
        .isInstanceOf(HostException.Rejected.class);
    assertThatThrownBy(() -> resources.deleteEmptyDirectory(outside.toString()))
        .isInstanceOf(HostException.Rejected.class);
    assertThat(image).hasContent("image");
    assertThat(secret).hasContent("secret");
    assertThat(storage).isDirectory();
    assertThat(outside).isDirectory();
  }

  @Test
  void filesInsideTheStorageRootAreMadeAndDeleted() throws Exception {
    Path disk = storage.resolve("def/os.vhdx");
    // the owner's image, made as an owner would (the service itself never writes image roots)
    disks.createDynamicDisk(images.resolve("base.vhdx").toString(), 1L << 30);
    resources.ensureDisk(
        new DiskRequest(disk.toString(), images.resolve("base.vhdx").toString(), 0));
    assertThat(disk).exists();
    resources.deleteDisk(disk.toString());
    assertThat(disk).doesNotExist();
    assertThatCode(() -> resources.deleteEmptyDirectory(disk.getParent().toString()))
        .doesNotThrowAnyException();
    assertThat(disk.getParent()).doesNotExist();
  }

  @Test
  void disksAndStateFilesAreMadeOnlyInsideTheStorageRootOverAllowedParents() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.vhdx"), "secret");
    assertThatThrownBy(
            () ->
                resources.ensureDisk(
                    new DiskRequest(outside.resolve("new.vhdx").toString(), null, 1 << 20)))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(outside.resolve("new.vhdx").toString());
    assertThatThrownBy(
            () ->
                resources.ensureDisk(
                    new DiskRequest(storage.resolve("d/os.vhdx").toString(), secret.toString(), 0)))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(secret.toString());
    assertThatThrownBy(() -> resources.ensureStateFile(outside.resolve("s.vmrs").toString()))
        .isInstanceOf(HostException.Rejected.class);
    assertThat(outside.resolve("new.vhdx")).doesNotExist();
    assertThat(outside.resolve("s.vmrs")).doesNotExist();
    assertThat(storage.resolve("d/os.vhdx")).doesNotExist();
  }

  @Test
  void aSystemWhoseFileLeadsOutThroughALinkIsRefusedNamingThePath() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.vhdx"), "secret");
    Path link = images.resolve("os.vhdx");
    Files.createSymbolicLink(link, secret);
    SystemSpec vm =
        new SystemSpec(
            "1d2e3f40-0000-5000-8000-000000000001",
            SystemType.VirtualMachine,
            1,
            512,
            List.of(new SystemSpec.AttachedDisk(link.toString(), false, false)),
            List.of(),
            List.of(),
            null,
            null);
    assertThatThrownBy(() -> host.create(vm))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(link.toString())
        .hasMessageContaining(secret.toRealPath().toString())
        .satisfies(
            e -> assertThat(((HostException) e).hresult()).isEqualTo(HResults.E_ACCESSDENIED));
    assertThat(host.list()).isEmpty();

    SystemSpec container =
        new SystemSpec(
            "1d2e3f40-0000-5000-8000-000000000002",
            SystemType.Container,
            1,
            512,
            List.of(),
            List.of(),
            List.of(),
            new SystemSpec.ContainerStorage(
                "c",
                List.of(new ScratchVolume.LayerId(LAYER_ID, images.resolve("base").toString())),
                storage.resolve("d/scratch").toString(),
                VOLUME,
                List.of(new SystemSpec.MappedDirectory(outside.toString(), "C:\\data", true)),
                null),
            null);
    assertThatThrownBy(() -> host.create(container))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(outside.toString());
  }

  static final String LAYER_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";
  static final String VOLUME = "\\\\?\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\";

  private SystemSpec containerWithScratchIn(Path scratchFolder) {
    return new SystemSpec(
        "1d2e3f40-0000-5000-8000-000000000003",
        SystemType.Container,
        1,
        512,
        List.of(),
        List.of(),
        List.of(),
        new SystemSpec.ContainerStorage(
            "c",
            List.of(new ScratchVolume.LayerId(LAYER_ID, images.resolve("base").toString())),
            scratchFolder.toString(),
            VOLUME,
            List.of(),
            null),
        null);
  }

  @Test
  void aContainersScratchDiskMustLieInTheStorageRootWhileItsVolumePathIsNoFilePath() {
    Path away = outside.resolve("scratch");
    assertThatThrownBy(() -> host.create(containerWithScratchIn(away)))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(away.resolve(HcsContainerResources.DISK).toString());
    assertThat(host.list()).isEmpty();

    assertThatCode(() -> host.create(containerWithScratchIn(storage.resolve("d/scratch"))))
        .doesNotThrowAnyException();
    assertThat(host.list()).hasSize(1);
  }

  @Test
  void aContainerLayerOutsideTheRootsAndARestoreFileOutsideTheStorageRootAreRefused() {
    SystemSpec c = containerWithScratchIn(storage.resolve("d/scratch"));
    SystemSpec.ContainerStorage st = c.container();
    SystemSpec outsideLayer =
        new SystemSpec(
            c.id(),
            c.type(),
            1,
            512,
            List.of(),
            List.of(),
            List.of(),
            new SystemSpec.ContainerStorage(
                "c",
                List.of(new ScratchVolume.LayerId(LAYER_ID, outside.toString())),
                st.scratchFolder(),
                VOLUME,
                List.of(),
                null),
            null);
    assertThatThrownBy(() -> host.create(outsideLayer))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(outside.toString());

    String restore = outside.resolve("vm.vmrs").toString();
    SystemSpec restoring =
        new SystemSpec(
            "1d2e3f40-0000-5000-8000-000000000004",
            SystemType.VirtualMachine,
            1,
            512,
            List.of(),
            List.of(),
            List.of(),
            null,
            restore);
    assertThatThrownBy(() -> host.create(restoring))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(restore);
    assertThat(host.list()).isEmpty();
  }

  @Test
  void savingIsOnlyIntoTheStorageRoot() {
    assertThatThrownBy(() -> host.save("any", outside.resolve("s.vmrs").toString()))
        .isInstanceOf(HostException.Rejected.class)
        .hasMessageContaining(outside.resolve("s.vmrs").toString());
  }
}
