package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * virtdisk.dll with the prototypes of virtdisk.h. Every function returns a Win32 error code
 * (DWORD), not an HRESULT. Handles are opaque {@link Pointer}s closed with kernel32's CloseHandle;
 * {@code Overlapped} is always NULL (the calls are synchronous) and {@code SecurityDescriptor} NULL
 * (the caller's default).
 */
public interface VirtDiskLibrary extends Library {

  int VIRTUAL_STORAGE_TYPE_DEVICE_VHD = 2;
  int VIRTUAL_STORAGE_TYPE_DEVICE_VHDX = 3;
  int VIRTUAL_DISK_ACCESS_NONE = 0;
  int CREATE_VIRTUAL_DISK_FLAG_NONE = 0;
  int CREATE_VIRTUAL_DISK_VERSION_2 = 2;
  int OPEN_VIRTUAL_DISK_FLAG_NONE = 0;
  int OPEN_VIRTUAL_DISK_VERSION_2 = 2;
  int ATTACH_VIRTUAL_DISK_VERSION_2 = 2;
  int ATTACH_VIRTUAL_DISK_FLAG_NO_DRIVE_LETTER = 0x2;
  int ATTACH_VIRTUAL_DISK_FLAG_PERMANENT_LIFETIME = 0x4;
  int DETACH_VIRTUAL_DISK_FLAG_NONE = 0;
  int GET_VIRTUAL_DISK_INFO_PARENT_LOCATION = 3;
  int GET_VIRTUAL_DISK_INFO_PROVIDER_SUBTYPE = 7;

  /** ProviderSubtype of a differencing disk (2 fixed, 3 dynamic). */
  int PROVIDER_SUBTYPE_DIFFERENCING = 4;

  /** virtdisk on Windows; off Windows the library that plays it (the C twin). */
  static VirtDiskLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, VirtDiskLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  /** The library name to load on this platform when none is configured. */
  static String defaultName() {
    return Platform.isWindows() ? "virtdisk" : null;
  }

  int CreateVirtualDisk(
      VirtualStorageType virtualStorageType,
      String path,
      int virtualDiskAccessMask,
      Pointer securityDescriptor,
      int flags,
      int providerSpecificFlags,
      CreateVirtualDiskParameters parameters,
      Pointer overlapped,
      PointerByReference handle);

  int OpenVirtualDisk(
      VirtualStorageType virtualStorageType,
      String path,
      int virtualDiskAccessMask,
      int flags,
      OpenVirtualDiskParameters parameters,
      PointerByReference handle);

  int AttachVirtualDisk(
      Pointer virtualDiskHandle,
      Pointer securityDescriptor,
      int flags,
      int providerSpecificFlags,
      AttachVirtualDiskParameters parameters,
      Pointer overlapped);

  int DetachVirtualDisk(Pointer virtualDiskHandle, int flags, int providerSpecificFlags);

  /**
   * {@code virtualDiskInfoSize} is the buffer's size in bytes, in (and out, the size needed, with
   * ERROR_INSUFFICIENT_BUFFER); {@code sizeUsed} may be NULL.
   */
  int GetVirtualDiskInformation(
      Pointer virtualDiskHandle,
      IntByReference virtualDiskInfoSize,
      GetVirtualDiskInfo virtualDiskInfo,
      IntByReference sizeUsed);
}
