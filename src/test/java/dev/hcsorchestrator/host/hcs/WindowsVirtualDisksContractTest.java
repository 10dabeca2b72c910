package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeVirtualDisks;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The virtdisk contract against the real virtdisk.dll: only with {@code -Pwindows-hcs} on Windows,
 * as an Administrator (attaching a disk needs SeManageVolumePrivilege).
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsVirtualDisksContractTest extends VirtualDisksContract {

  @Override
  protected Subject create() {
    NativeVirtualDisks disks = NativeVirtualDisks.load("virtdisk", Duration.ofMinutes(4));
    return new Subject(disks, disks);
  }
}
