package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;
import dev.hcsorchestrator.host.hcs.VirtualDiskFormat;

/**
 * VIRTUAL_STORAGE_TYPE: {@code ULONG DeviceId; GUID VendorId;} (offsets 0, 4; size 20). For a VHD
 * or VHDX: DeviceId 2 or 3 (VIRTUAL_STORAGE_TYPE_DEVICE_VHD, _VHDX) and the Microsoft vendor GUID
 * EC984AEC-A0F9-47E9-901F-71415A66345B; for a file of unknown format both zero (the provider reads
 * the file).
 */
@CStruct("VIRTUAL_STORAGE_TYPE")
@Structure.FieldOrder({"DeviceId", "VendorId"})
public class VirtualStorageType extends Structure {

  /** VIRTUAL_STORAGE_TYPE_VENDOR_MICROSOFT. */
  public static final String VENDOR_MICROSOFT = "{EC984AEC-A0F9-47E9-901F-71415A66345B}";

  public int DeviceId;
  public Guid.GUID VendorId = new Guid.GUID();

  /** A VHDX of Microsoft's provider. */
  public static VirtualStorageType vhdx() {
    return of(VirtualDiskFormat.VHDX);
  }

  /** The storage type of a disk of this format; UNKNOWN leaves device and vendor zero. */
  public static VirtualStorageType of(VirtualDiskFormat format) {
    VirtualStorageType type = new VirtualStorageType();
    type.DeviceId = format.deviceId();
    if (format != VirtualDiskFormat.UNKNOWN) {
      type.VendorId = Guid.GUID.fromString(VENDOR_MICROSOFT);
    }
    return type;
  }
}
