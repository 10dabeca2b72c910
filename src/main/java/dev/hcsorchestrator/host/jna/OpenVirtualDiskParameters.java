package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;

/**
 * OPEN_VIRTUAL_DISK_PARAMETERS with {@code Version = OPEN_VIRTUAL_DISK_VERSION_2}: {@code BOOL
 * GetInfoOnly; BOOL ReadOnly; GUID ResiliencyGuid;} after the version (offsets 0, 4, 8, 12; size
 * 28). Version 2 requires the access mask VIRTUAL_DISK_ACCESS_NONE.
 */
@CStruct(
    value = "OPEN_VIRTUAL_DISK_PARAMETERS",
    fields = {"Version", "Version2.GetInfoOnly", "Version2.ReadOnly", "Version2.ResiliencyGuid"})
@Structure.FieldOrder({"Version", "GetInfoOnly", "ReadOnly", "ResiliencyGuid"})
public class OpenVirtualDiskParameters extends Structure {
  public int Version = VirtDiskLibrary.OPEN_VIRTUAL_DISK_VERSION_2;
  public int GetInfoOnly;
  public int ReadOnly;
  public Guid.GUID ResiliencyGuid = new Guid.GUID();

  /** Open to read information only (the file stays shareable). */
  public static OpenVirtualDiskParameters infoOnly() {
    OpenVirtualDiskParameters p = new OpenVirtualDiskParameters();
    p.GetInfoOnly = 1;
    return p;
  }

  /** Open for attach, detach and the physical path. */
  public static OpenVirtualDiskParameters forAttach() {
    return new OpenVirtualDiskParameters();
  }
}
