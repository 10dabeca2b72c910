package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDisks;

/**
 * Stands in for virtdisk on the native host until they are bound: every call fails with E_NOTIMPL,
 * which the host layer classifies as rejected (terminal) with this message.
 */
enum NativeResourcesUnavailable implements VirtualDisks {
  INSTANCE;

  private static HcsException notBound(String function, String library) {
    return new HcsException(
        function,
        HResults.E_NOTIMPL,
        library
            + " is not bound on the native host yet: definitions with disks to create cannot run"
            + " natively in this version",
        null);
  }

  @Override
  public void createDynamicDisk(String path, long maximumSizeBytes) {
    throw notBound("CreateVirtualDisk", "virtdisk.dll");
  }

  @Override
  public void createDifferencingDisk(String path, String parentPath) {
    throw notBound("CreateVirtualDisk", "virtdisk.dll");
  }
}
