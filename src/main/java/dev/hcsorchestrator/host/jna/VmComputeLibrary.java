package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.win32.W32APIOptions;

/**
 * The one vmcompute.dll export the service binds: {@code NameToGuid}, the id Windows gives a
 * read-only container layer from its folder's name. It is in no SDK header and on no Microsoft
 * Learn page; the prototype is hcsshim's ({@code internal/wclayer/wclayer.go}: {@code
 * nameToGuid(name string, guid *_guid) (hr error) = vmcompute.NameToGuid}): {@code HRESULT
 * NameToGuid(PCWSTR name, GUID *guid)}, two arguments, the GUID written into the caller's 16 bytes
 * (nothing to free).
 */
public interface VmComputeLibrary extends Library {

  static VmComputeLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, VmComputeLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  /** {@code guid}: 16 bytes in GUID memory layout (Data1, Data2, Data3 little-endian; Data4). */
  int NameToGuid(String name, byte[] guid);
}
