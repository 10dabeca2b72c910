package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;

/**
 * CREATE_VIRTUAL_DISK_PARAMETERS with {@code Version = CREATE_VIRTUAL_DISK_VERSION_2}: the version,
 * then the {@code Version2} member of the header's nameless union as a nested structure, because
 * the union is 8-byte aligned (it holds a ULONGLONG) and so starts at offset 8, not 4 (size 120 on
 * x64). Zero for BlockSizeInBytes and SectorSizeInBytes means the provider's default; a
 * differencing disk has a ParentPath and no MaximumSize (it takes the parent's).
 */
@CStruct(value = "CREATE_VIRTUAL_DISK_PARAMETERS")
@Structure.FieldOrder({"Version", "Version2"})
public class CreateVirtualDiskParameters extends Structure {
  public int Version = VirtDiskLibrary.CREATE_VIRTUAL_DISK_VERSION_2;
  public Version2Fields Version2 = new Version2Fields();

  /** The union's {@code Version2} struct, which has no name of its own in the header. */
  @CStruct("__typeof__(((CREATE_VIRTUAL_DISK_PARAMETERS *)0)->Version2)")
  @Structure.FieldOrder({
    "UniqueId",
    "MaximumSize",
    "BlockSizeInBytes",
    "SectorSizeInBytes",
    "ParentPath",
    "SourcePath",
    "OpenFlags",
    "ParentVirtualStorageType",
    "SourceVirtualStorageType",
    "ResiliencyGuid"
  })
  public static class Version2Fields extends Structure {
    public Guid.GUID UniqueId = new Guid.GUID();
    public long MaximumSize;
    public int BlockSizeInBytes;
    public int SectorSizeInBytes;
    public WString ParentPath;
    public WString SourcePath;
    public int OpenFlags;
    public VirtualStorageType ParentVirtualStorageType = new VirtualStorageType();
    public VirtualStorageType SourceVirtualStorageType = new VirtualStorageType();
    public Guid.GUID ResiliencyGuid = new Guid.GUID();
  }

  /** A new dynamic VHDX of {@code maximumSize} bytes. */
  public static CreateVirtualDiskParameters dynamic(long maximumSize) {
    CreateVirtualDiskParameters p = new CreateVirtualDiskParameters();
    p.Version2.MaximumSize = maximumSize;
    return p;
  }

  /** A differencing VHDX over the VHDX at {@code parentPath}. */
  public static CreateVirtualDiskParameters differencing(String parentPath) {
    CreateVirtualDiskParameters p = new CreateVirtualDiskParameters();
    p.Version2.ParentPath = new WString(parentPath);
    p.Version2.ParentVirtualStorageType = VirtualStorageType.vhdx();
    return p;
  }
}
