package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;

/**
 * VIRTUAL_STORAGE_TYPE: {@code ULONG DeviceId; GUID VendorId;} (offsets 0, 4; size 20). For a VHDX:
 * DeviceId 3 (VIRTUAL_STORAGE_TYPE_DEVICE_VHDX) and the Microsoft vendor GUID
 * EC984AEC-A0F9-47E9-901F-71415A66345B.
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
    VirtualStorageType type = new VirtualStorageType();
    type.DeviceId = VirtDiskLibrary.VIRTUAL_STORAGE_TYPE_DEVICE_VHDX;
    type.VendorId = Guid.GUID.fromString(VENDOR_MICROSOFT);
    return type;
  }
}
