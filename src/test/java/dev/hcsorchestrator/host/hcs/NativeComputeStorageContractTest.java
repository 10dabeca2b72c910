package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.jna.NativeComputeStorage;
import dev.hcsorchestrator.host.jna.TwinLeaks;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinStorageBackend;
import dev.hcsorchestrator.host.jna.TwinStorageLibrary;
import dev.hcsorchestrator.host.jna.TwinVirtDiskBackend;
import dev.hcsorchestrator.host.jna.TwinVirtDiskLibrary;
import dev.hcsorchestrator.host.jna.TwinVmComputeLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The computestorage contract through the native path: {@link NativeComputeStorage} drives the C
 * twin of computestorage.dll and virtdisk's attach through JNA, forwarded to a {@link
 * SimulatedComputeStorage}. After every test no disk handle is open, no mount path string left
 * unfreed (LocalFree) or freed twice.
 */
class NativeComputeStorageContractTest extends ComputeStorageContract {

  private static String path;
  private static TwinStorageLibrary twin;
  private static TwinLibrary core;
  private static TwinVirtDiskLibrary virtdisk;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinStorageLibrary.load(path);
    core = TwinLibrary.load(path);
    virtdisk = TwinVirtDiskLibrary.load(path);
  }

  @Override
  protected Subject create(Path stateDir) {
    // One simulated virtdisk behind both twins: the disk handles and the attach are virtdisk's.
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(new SimulatorFaults());
    TwinVirtDiskBackend diskBackend = new TwinVirtDiskBackend(virtdisk, disks);
    diskBackend.install();
    TwinStorageBackend backend =
        new TwinStorageBackend(
            twin, TwinVmComputeLibrary.load(path), new SimulatedComputeStorage(stateDir, disks));
    backend.install();
    TwinLeaks leaks = TwinLeaks.baseline(core);
    long badHandles = twin.TwinStorageStat(TwinStorageLibrary.BAD_HANDLES);
    NativeComputeStorage storage = NativeComputeStorage.load(path, Duration.ofSeconds(30));
    AutoCloseable cleanup =
        () -> {
          try {
            storage.close();
            leaks.assertNone();
            assertThat(twin.TwinStorageStat(TwinStorageLibrary.LIVE_DISKS))
                .as("virtual disk handles not closed")
                .isZero();
            assertThat(twin.TwinStorageStat(TwinStorageLibrary.BAD_HANDLES) - badHandles)
                .as("closed or unknown disk handles used")
                .isZero();
            diskBackend.assertNoLeaks();
          } finally {
            backend.uninstall();
            diskBackend.uninstall();
          }
        };
    return new Subject(storage, disks, cleanup);
  }

  @org.junit.jupiter.api.Test
  void aLayerIdIsVmcomputesNameToGuidOfTheFolderNameReadInGuidByteOrder() {
    SimulatedComputeStorage behind =
        new SimulatedComputeStorage(
            dir.resolve("other"), new SimulatedVirtualDisks(new SimulatorFaults()));

    for (String folder : List.of("/images/layers/base-layer", "C:\\ProgramData\\docker\\4")) {
      assertThat(storage.layerId(folder)).isEqualTo(behind.layerId(folder));
    }
  }
}
