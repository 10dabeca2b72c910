package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * The virtdisk.dll calls the writable layer flow needs around computestorage: open a VHDX, attach
 * it to the host for good (its volume then has a mount path), detach it. virtdisk returns Win32
 * error codes; the handle is closed with {@code CloseHandle} ({@link Kernel}).
 */
public interface LayerDiskLibrary extends Library {

  int VIRTUAL_DISK_ACCESS_ALL = 0x003F0000;
  int OPEN_VIRTUAL_DISK_FLAG_NONE = 0;
  int ATTACH_VIRTUAL_DISK_FLAG_NO_DRIVE_LETTER = 0x2;
  int ATTACH_VIRTUAL_DISK_FLAG_PERMANENT_LIFETIME = 0x4;
  int DETACH_VIRTUAL_DISK_FLAG_NONE = 0;
  int ATTACH_VIRTUAL_DISK_VERSION_1 = 1;

  /** VIRTUAL_STORAGE_TYPE; all zero lets virtdisk infer VHDX from the extension (go-winio). */
  @CStruct("VIRTUAL_STORAGE_TYPE")
  @Structure.FieldOrder({"DeviceId", "VendorId"})
  class StorageType extends Structure {
    public int DeviceId;
    public Guid.GUID VendorId = new Guid.GUID();
  }

  /** ATTACH_VIRTUAL_DISK_PARAMETERS, version 1. */
  @CStruct(
      value = "ATTACH_VIRTUAL_DISK_PARAMETERS",
      fields = {"Version", "Version1.Reserved"})
  @Structure.FieldOrder({"Version", "Reserved"})
  class AttachParameters extends Structure {
    public int Version = ATTACH_VIRTUAL_DISK_VERSION_1;
    public int Reserved;
  }

  static LayerDiskLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, LayerDiskLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  int OpenVirtualDisk(
      StorageType virtualStorageType,
      String path,
      int virtualDiskAccessMask,
      int flags,
      Pointer parameters,
      PointerByReference handle);

  int AttachVirtualDisk(
      Pointer virtualDiskHandle,
      Pointer securityDescriptor,
      int flags,
      int providerSpecificFlags,
      AttachParameters parameters,
      Pointer overlapped);

  int DetachVirtualDisk(Pointer virtualDiskHandle, int flags, int providerSpecificFlags);
}
