package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.win32.W32APIOptions;

/**
 * ole32's {@code CoTaskMemFree}, the allocator HCN's result and ErrorRecord strings come from. Off
 * Windows it comes from the library that plays computenetwork (the C twin exports it).
 */
public interface TaskMemory extends Library {

  void CoTaskMemFree(Pointer memory);

  static TaskMemory load(String computeNetworkNameOrPath) {
    String name = Platform.isWindows() ? "ole32" : computeNetworkNameOrPath;
    return Native.load(name, TaskMemory.class, W32APIOptions.UNICODE_OPTIONS);
  }
}
