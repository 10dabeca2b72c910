package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.win32.W32APIOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The exports only the C twin of computecore.dll has (src/test/c/hcs_twin.c): the backend table its
 * calls are forwarded to, event injection, completion delays and its leak bookkeeping.
 */
public interface TwinLibrary extends Library {

  // Function codes, as in hcs_twin.c.
  int FN_ENUMERATE = 0;
  int FN_CREATE = 1;
  int FN_START = 2;
  int FN_SHUTDOWN = 3;
  int FN_PAUSE = 4;
  int FN_RESUME = 5;
  int FN_SAVE = 6;
  int FN_TERMINATE = 7;
  int FN_GET_PROPERTIES = 9;
  int FN_CREATE_PROCESS = 10;
  int FN_GET_PROCESS_INFO = 12;
  int FN_TERMINATE_PROCESS = 14;
  int FN_OPEN = 20;
  int FN_CLOSE = 21;
  int FN_OPEN_PROCESS = 22;
  int FN_CLOSE_PROCESS = 23;
  int FN_SERVICE_PROPERTIES = 30;
  int FN_GRANT_VM_ACCESS = 31;
  int FN_REVOKE_VM_ACCESS = 32;
  int FN_GUEST_STATE_FILE = 33;
  int FN_RUNTIME_STATE_FILE = 34;

  // TwinStat indexes.
  int LIVE_OPERATIONS = 0;
  int LIVE_SYSTEMS = 1;
  int LIVE_PROCESSES = 2;
  int LIVE_STRINGS = 3;
  int BAD_FREES = 4;
  int BAD_HANDLES = 5;
  int CLOSE_WHILE_IN_USE = 6;
  int STRINGS_ALLOCATED = 7;
  int EVENTS_DELIVERED = 8;

  interface SystemCall extends Callback {
    int invoke(int fn, Pointer id, Pointer arg, Pointer reply);
  }

  interface ProcessCall extends Callback {
    int invoke(int fn, Pointer systemId, int pid, Pointer arg, Pointer reply);
  }

  interface ServiceCall extends Callback {
    int invoke(int fn, Pointer first, Pointer second, Pointer reply);
  }

  /** twin_backend: where the twin forwards what each call means. */
  @Structure.FieldOrder({"system", "process", "service"})
  class BackendTable extends Structure {
    public SystemCall system;
    public ProcessCall process;
    public ServiceCall service;
  }

  void TwinSetBackend(BackendTable table);

  void TwinReply(Pointer reply, String document, int pid);

  void TwinRaiseEvent(int type, String systemId, int pid, String data);

  void TwinSetDelay(int fn, int millis);

  /**
   * The next {@code count} CreateProcess waits fail with E_INVALIDARG although the process runs.
   */
  void TwinSetSpuriousCreateProcessFailures(int count);

  long TwinStat(int which);

  /**
   * The next {@code count} calls of function {@code fn} answer {@code hresult} at the DLL boundary
   * instead of reaching the backend; {@code count} -1 fails every call, 0 clears the fault.
   */
  void TwinSetFault(int fn, int hresult, int count);

  /** Calls of {@code fn} that reached the DLL boundary since the last reset, faulted ones too. */
  long TwinCalls(int fn);

  /** Clears every fault and call count. */
  void TwinResetFaults();

  long TwinLayout(int which);

  int TwinQuiesce(int timeoutMillis);

  /** The twin's path, or the test is skipped saying why (never silently). */
  static String pathOrSkip() {
    Assumptions.assumeFalse(
        Platform.isWindows(), "The C twin of computecore.dll is built and used off Windows only");
    String path = System.getProperty("hcs.twin.library", "target/twin/libhcstwin.so");
    Assumptions.assumeTrue(
        Files.isRegularFile(Path.of(path)),
        "C twin not built at "
            + path
            + ": no C compiler (gcc) was found by the Maven build, native adapter tests skipped");
    return Path.of(path).toAbsolutePath().toString();
  }

  static TwinLibrary load(String path) {
    return Native.load(path, TwinLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
