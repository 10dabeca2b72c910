package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDiskFormat;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import org.assertj.core.api.SoftAssertions;

/**
 * The backend of the virtdisk twin: each forwarded call is answered by one Java {@link
 * SimulatedVirtualDisks}, its {@link HcsException} turned back into the Win32 code virtdisk
 * returns. Also the twin's leak check for virtual disk handles.
 */
public final class TwinVirtDiskBackend {

  private static final int ERROR_GEN_FAILURE = 31;
  private static final int ERROR_INVALID_PARAMETER = 87;

  private final TwinVirtDiskLibrary twin;
  private final SimulatedVirtualDisks disks;
  // Strongly referenced for as long as the twin may call it.
  private final TwinVirtDiskLibrary.Call call = this::call;
  private long badHandles;

  public TwinVirtDiskBackend(TwinVirtDiskLibrary twin, SimulatedVirtualDisks disks) {
    this.twin = twin;
    this.disks = disks;
  }

  public void install() {
    badHandles = twin.TwinVirtDiskStat(TwinVirtDiskLibrary.BAD_HANDLES);
    twin.TwinSetVirtDiskBackend(call);
  }

  public void uninstall() {
    twin.TwinSetVirtDiskBackend(null);
  }

  /** No virtual disk handle is open, and none closed or unknown was used since install. */
  public void assertNoLeaks() {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(twin.TwinVirtDiskStat(TwinVirtDiskLibrary.LIVE_HANDLES))
        .as("virtual disk handles not closed")
        .isZero();
    soft.assertThat(twin.TwinVirtDiskStat(TwinVirtDiskLibrary.BAD_HANDLES) - badHandles)
        .as("closed or unknown virtual disk handles used")
        .isZero();
    soft.assertAll();
  }

  private int call(int fn, Pointer pathPointer, Pointer parentPointer, long size, Pointer reply) {
    String path = pathPointer == null ? null : pathPointer.getWideString(0);
    String parent = parentPointer == null ? null : parentPointer.getWideString(0);
    try {
      switch (fn) {
        case TwinVirtDiskLibrary.VD_CREATE_DYNAMIC -> disks.createDynamicDisk(path, size);
        case TwinVirtDiskLibrary.VD_CREATE_DIFFERENCING -> {
          // size carries the parent's declared DeviceId: it must be the file's (0: not declared)
          if (size != 0 && size != VirtualDiskFormat.ofFile(parent).deviceId()) {
            return ERROR_INVALID_PARAMETER;
          }
          disks.createDifferencingDisk(path, parent);
        }
        case TwinVirtDiskLibrary.VD_OPEN -> disks.open(path);
        case TwinVirtDiskLibrary.VD_ATTACH -> disks.attach(path);
        case TwinVirtDiskLibrary.VD_DETACH -> disks.detach(path);
        case TwinVirtDiskLibrary.VD_PARENT ->
            twin.TwinVirtDiskReply(reply, disks.parentPath(path).orElse(null));
        default -> throw new IllegalArgumentException("virtdisk function " + fn);
      }
      return 0;
    } catch (HcsException e) {
      return win32(e.hresult());
    } catch (RuntimeException e) {
      return ERROR_GEN_FAILURE;
    }
  }

  /** HRESULT_FROM_WIN32 undone; a virtdisk code (0xC03Axxxx) is returned as it is. */
  private static int win32(int hresult) {
    if ((hresult & 0xFFFF0000) == 0x80070000) {
      return hresult & 0xFFFF;
    }
    return hresult == HResults.E_FAIL ? ERROR_GEN_FAILURE : hresult;
  }
}
