package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;

/**
 * CREATE_VIRTUAL_DISK_PARAMETERS with {@code Version = CREATE_VIRTUAL_DISK_VERSION_2}: the version,
 * then the {@code Version2} arm of the nameless union as a nested structure, because the union is
 * 8-byte aligned (it holds a ULONGLONG) and so starts at offset 8, not 4. The arm has {@code
 * PhysicalSectorSizeInBytes} after {@code SectorSizeInBytes} (Microsoft's headers and Win32
 * metadata; mingw-w64's virtdisk.h lacks it), so it is 120 bytes and ends at 128; the whole union,
 * sized by its version 4 arm, makes the struct 184, of which version 2 reads the first 128. Zero
 * for the block and sector sizes means the provider's default; a differencing disk has a ParentPath
 * and the parent's type, and no MaximumSize (it takes the parent's).
 */
@CStruct("CREATE_VIRTUAL_DISK_PARAMETERS")
@Structure.FieldOrder({"Version", "Version2"})
public class CreateVirtualDiskParameters extends Structure {
  public int Version = VirtDiskLibrary.CREATE_VIRTUAL_DISK_VERSION_2;
  public Version2Fields Version2 = new Version2Fields();

  /** The union's {@code Version2} arm, which has no type name of its own in the header. */
  @CStruct("__typeof__(((CREATE_VIRTUAL_DISK_PARAMETERS *)0)->Version2)")
  @Structure.FieldOrder({
    "UniqueId",
    "MaximumSize",
    "BlockSizeInBytes",
    "SectorSizeInBytes",
    "PhysicalSectorSizeInBytes",
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
    public int PhysicalSectorSizeInBytes;
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

  /** A differencing disk over the disk at {@code parentPath}, of the given format. */
  public static CreateVirtualDiskParameters differencing(
      String parentPath, VirtualStorageType parentType) {
    CreateVirtualDiskParameters p = new CreateVirtualDiskParameters();
    p.Version2.ParentPath = new WString(parentPath);
    p.Version2.ParentVirtualStorageType = parentType;
    return p;
  }
}
