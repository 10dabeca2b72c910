package dev.hcsorchestrator.host.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * A PWSTR buffer the callee writes, of the platform's {@code wchar_t} (2 bytes on Windows, 4 where
 * the C twin runs). Its own type so that the header check knows it as a wide-character buffer and
 * not as an opaque pointer.
 */
public final class WideBuffer extends Memory {

  private final int chars;

  public WideBuffer(int chars) {
    super((long) chars * Native.WCHAR_SIZE);
    this.chars = chars;
    clear();
  }

  /** The buffer's size in bytes, as virtdisk's {@code ...SizeInBytes} arguments want it. */
  public int sizeInBytes() {
    return chars * Native.WCHAR_SIZE;
  }

  /** The NUL-terminated string the callee wrote. */
  public String text() {
    return getWideString(0);
  }
}
