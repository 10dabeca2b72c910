package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeStorage;
import dev.hcsorchestrator.host.jna.NativeVirtualDisks;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The computestorage contract against the real computestorage.dll and virtdisk.dll: only with
 * {@code -Pwindows-hcs} on a Windows host with the Containers feature, as an Administrator. The
 * empty VHDX each test needs is made with virtdisk's CreateVirtualDisk ({@link
 * NativeVirtualDisks}).
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsComputeStorageContractTest extends ComputeStorageContract {

  @Override
  protected Subject create(Path stateDir) {
    NativeComputeStorage storage = NativeComputeStorage.load(null, Duration.ofMinutes(4));
    NativeVirtualDisks disks = NativeVirtualDisks.load("virtdisk", Duration.ofMinutes(4));
    return new Subject(
        storage,
        disks,
        () -> {
          try {
            storage.close();
          } finally {
            disks.close();
          }
        });
  }

  /**
   * The one public value of vmcompute.dll's NameToGuid: the layers named "4" of microsoft/hcsshim
   * issue 1072 all had id bd9c3ef9-f239-59b5-a27e-15c523b1d149, whatever their path.
   */
  @org.junit.jupiter.api.Test
  void aLayerIdIsWindowsOwnNameToGuidOfTheFolderName() {
    org.assertj.core.api.Assertions.assertThat(storage.layerId("C:\\anywhere\\snapshots\\4"))
        .isEqualTo("bd9c3ef9-f239-59b5-a27e-15c523b1d149");
  }
}
