package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.win32.W32APIOptions;

/**
 * The exports only the C twin of computestorage.dll has (src/test/c/storage_twin.c): the backend
 * its calls are forwarded to and its handle bookkeeping. Its strings are hcs_twin.c's (LocalFree).
 */
public interface TwinStorageLibrary extends Library {

  int MOUNT_PATH = 3;
  int FORMAT = 4;
  int INITIALIZE = 5;
  int FILTER_ATTACH = 6;
  int FILTER_DETACH = 7;

  int LIVE_DISKS = 0;
  int BAD_HANDLES = 1;
  int CALLS = 2;

  interface Call extends Callback {
    int invoke(int fn, Pointer a, Pointer b, Pointer c, Pointer reply);
  }

  /** storage_backend. */
  @Structure.FieldOrder({"call"})
  class Backend extends Structure {
    public Call call;
  }

  void TwinSetStorageBackend(Backend backend);

  void TwinStorageReply(Pointer reply, String result);

  long TwinStorageStat(int which);

  /**
   * The next {@code count} calls of function {@code fn} (MOUNT_PATH..FILTER_DETACH) answer {@code
   * hresult} instead of reaching the backend; -1: every call; 0 clears the fault. As {@link
   * TwinLibrary#TwinSetFault}.
   */
  void TwinSetStorageFault(int fn, int hresult, int count);

  /** How many calls of {@code fn} reached the DLL boundary since the last reset, faulted or not. */
  long TwinStorageCalls(int fn);

  /** Clears every fault and call count of this twin. */
  void TwinResetStorageFaults();

  static TwinStorageLibrary load(String path) {
    return Native.load(path, TwinStorageLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
