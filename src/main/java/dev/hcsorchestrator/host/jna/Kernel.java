package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.win32.W32APIOptions;

/**
 * The two kernel32 functions the adapter needs: {@code LocalFree} for every string computecore
 * returns and {@code CloseHandle} for the stdio handles of a created process. Off Windows both come
 * from the library that plays computecore (the C twin exports them).
 */
public interface Kernel extends Library {

  /** Returns NULL on success, the argument when it was not a live allocation. */
  Pointer LocalFree(Pointer memory);

  /** Nonzero on success. */
  int CloseHandle(Pointer handle);

  static Kernel load(String computeCoreNameOrPath) {
    String name = Platform.isWindows() ? "kernel32" : computeCoreNameOrPath;
    return Native.load(name, Kernel.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
