package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.win32.W32APIOptions;

/**
 * The exports only the C twin of computenetwork.dll has (src/test/c/hcn_twin.c): the backend its
 * calls are forwarded to, a fault knob and its leak bookkeeping.
 */
public interface TwinNetworkLibrary extends Library {

  // Function codes, as in hcn_twin.c: an action plus the object kind.
  int ENUMERATE = 0;
  int CREATE = 1;
  int OPEN = 2;
  int MODIFY = 3;
  int QUERY = 4;
  int DELETE = 5;
  int NETWORK = 0;
  int ENDPOINT = 10;
  int NAMESPACE = 20;

  // TwinNetworkStat indexes.
  int LIVE_HANDLES = 0;
  int LIVE_STRINGS = 1;
  int BAD_FREES = 2;
  int BAD_HANDLES = 3;
  int STRINGS_ALLOCATED = 4;
  int CALLS = 5;

  interface Call extends Callback {
    int invoke(int fn, Pointer id, Pointer second, Pointer arg, Pointer reply);
  }

  /** hcn_backend. */
  @Structure.FieldOrder({"call"})
  class Backend extends Structure {
    public Call call;
  }

  void TwinSetNetworkBackend(Backend backend);

  void TwinNetworkReply(Pointer reply, String result, String errorRecord);

  void TwinSetSpuriousErrorRecords(int count);

  long TwinNetworkStat(int which);

  long TwinNetworkLayout(int which);

  /**
   * The next {@code count} calls of function {@code fn} (an action plus a kind) answer {@code
   * hresult} instead of reaching the backend; -1: every call; 0 clears the fault. As {@link
   * TwinLibrary#TwinSetFault}.
   */
  void TwinSetNetworkFault(int fn, int hresult, int count);

  /** How many calls of {@code fn} reached the DLL boundary since the last reset, faulted or not. */
  long TwinNetworkCalls(int fn);

  /** Clears every fault and call count of this twin. */
  void TwinResetNetworkFaults();

  static TwinNetworkLibrary load(String path) {
    return Native.load(path, TwinNetworkLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
