package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.win32.W32APIOptions;

/** The exports only the C twin of vmcompute.dll has (src/test/c/vmcompute_twin.c). */
public interface TwinVmComputeLibrary extends Library {

  /** name_to_guid_call: an HRESULT; on success the 16 GUID bytes written to {@code guid}. */
  interface NameToGuidCall extends Callback {
    int invoke(Pointer name, Pointer guid);
  }

  void TwinSetVmComputeBackend(NameToGuidCall backend);

  long TwinVmComputeCalls();

  static TwinVmComputeLibrary load(String path) {
    return Native.load(path, TwinVmComputeLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
