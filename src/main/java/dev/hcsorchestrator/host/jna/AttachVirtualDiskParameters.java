package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;

/**
 * ATTACH_VIRTUAL_DISK_PARAMETERS with {@code Version = ATTACH_VIRTUAL_DISK_VERSION_1}: {@code ULONG
 * Reserved;} after the version (offsets 0, 4; size 8).
 */
@CStruct(
    value = "ATTACH_VIRTUAL_DISK_PARAMETERS",
    fields = {"Version", "Version1.Reserved"})
@Structure.FieldOrder({"Version", "Reserved"})
public class AttachVirtualDiskParameters extends Structure {
  public int Version = VirtDiskLibrary.ATTACH_VIRTUAL_DISK_VERSION_1;
  public int Reserved;
}
