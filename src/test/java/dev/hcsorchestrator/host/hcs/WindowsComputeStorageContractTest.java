package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeStorage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The computestorage contract against the real computestorage.dll and virtdisk.dll: only with
 * {@code -Pwindows-hcs} on a Windows host with the Containers feature, as an Administrator. The
 * empty VHDX each test needs is made with virtdisk's CreateVirtualDisk, whose binding is not part
 * of this class: until it is given, the tests are skipped saying so.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsComputeStorageContractTest extends ComputeStorageContract {

  @Override
  protected Subject create(Path stateDir) {
    NativeComputeStorage storage = NativeComputeStorage.load(null, Duration.ofMinutes(4));
    VirtualDisks disks =
        new VirtualDisks() {
          @Override
          public void createDynamicDisk(String path, long maximumSizeBytes) {
            Assumptions.abort("no native CreateVirtualDisk binding to make the test's VHDX yet");
          }

          @Override
          public void createDifferencingDisk(String path, String parentPath) {
            Assumptions.abort("no native CreateVirtualDisk binding to make the test's VHDX yet");
          }
        };
    return new Subject(storage, disks, storage);
  }
}
