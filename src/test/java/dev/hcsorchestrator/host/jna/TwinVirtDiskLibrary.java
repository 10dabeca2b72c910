package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.win32.W32APIOptions;

/** The exports only the C twin of virtdisk.dll has (src/test/c/virtdisk_twin.c). */
public interface TwinVirtDiskLibrary extends Library {

  // Backend function codes, as in virtdisk_twin.c.
  int VD_CREATE_DYNAMIC = 1;
  int VD_CREATE_DIFFERENCING = 2;
  int VD_OPEN = 3;
  int VD_ATTACH = 4;
  int VD_DETACH = 5;
  int VD_PARENT = 7;

  // TwinVirtDiskStat indexes.
  int LIVE_HANDLES = 0;
  int BAD_HANDLES = 1;
  int HANDLES_OPENED = 2;

  /** twin_vd_call: answers with a Win32 error code. */
  interface Call extends Callback {
    int invoke(int fn, Pointer path, Pointer parent, long size, Pointer reply);
  }

  void TwinSetVirtDiskBackend(Call backend);

  void TwinVirtDiskReply(Pointer reply, String text);

  long TwinVirtDiskStat(int which);

  long TwinVirtDiskLayout(int which);

  /**
   * The next {@code count} calls of function {@code fn} (VD_*; a Win32 error code, not an HRESULT)
   * answer {@code code} instead of reaching the backend; -1: every call; 0 clears the fault. As
   * {@link TwinLibrary#TwinSetFault}.
   */
  void TwinSetVirtDiskFault(int fn, int code, int count);

  /** How many calls of {@code fn} reached the DLL boundary since the last reset, faulted or not. */
  long TwinVirtDiskCalls(int fn);

  /** Clears every fault and call count of this twin. */
  void TwinResetVirtDiskFaults();

  static TwinVirtDiskLibrary load(String path) {
    return Native.load(path, TwinVirtDiskLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
