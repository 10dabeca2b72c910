package dev.hcsorchestrator.host.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * GET_VIRTUAL_DISK_INFO: the requested {@code Version} (which information), then a nameless union
 * 8-byte aligned by its {@code Size} arm of two ULONGLONGs, so at offset 8, and 32 bytes in all.
 * The arms read here are {@code ProviderSubtype} (ULONG at 8) and {@code ParentLocation} ({@code
 * BOOL ParentResolved} at 8, then the {@code WCHAR ParentLocationBuffer[]} at 12, which runs past
 * the struct's end: the caller passes a larger buffer and its size). The struct is laid over such a
 * buffer and its arms read at those offsets.
 */
@CStruct("GET_VIRTUAL_DISK_INFO")
@Structure.FieldOrder({"Version", "Size"})
public class GetVirtualDiskInfo extends Structure {

  /** Offset of every arm of the union. */
  public static final int UNION_OFFSET = 8;

  /** Offset of ParentLocation.ParentLocationBuffer. */
  public static final int PARENT_LOCATION_BUFFER_OFFSET = 12;

  public int Version;
  public SizeFields Size = new SizeFields();

  /** The union's largest arm, which gives it its size and alignment. */
  @CStruct("__typeof__(((GET_VIRTUAL_DISK_INFO *)0)->Size)")
  @Structure.FieldOrder({"VirtualSize", "PhysicalSize", "BlockSize", "SectorSize"})
  public static class SizeFields extends Structure {
    public long VirtualSize;
    public long PhysicalSize;
    public int BlockSize;
    public int SectorSize;
  }

  // Not a field of the struct (JNA maps only public fields): the buffer's size for the call.
  private final int bufferSize;

  public GetVirtualDiskInfo() {
    super();
    bufferSize = size();
  }

  private GetVirtualDiskInfo(Pointer buffer, int bufferSize) {
    super(buffer);
    this.bufferSize = bufferSize;
  }

  /** A request for {@code version} over a zeroed buffer of {@code bytes} (at least the struct). */
  static GetVirtualDiskInfo request(int version, int bytes) {
    int size = Math.max(bytes, new GetVirtualDiskInfo().size());
    Memory buffer = new Memory(size);
    buffer.clear();
    GetVirtualDiskInfo info = new GetVirtualDiskInfo(buffer, size);
    info.Version = version;
    return info;
  }

  /** The bytes of the buffer the struct is laid over. */
  int bufferSize() {
    return bufferSize;
  }

  /** The ULONG arm at the union's start (ProviderSubtype), as the DLL wrote it. */
  int unionInt() {
    return getPointer().getInt(UNION_OFFSET);
  }

  /** ParentLocation.ParentLocationBuffer, as the DLL wrote it. */
  String parentLocation() {
    return getPointer().getWideString(PARENT_LOCATION_BUFFER_OFFSET);
  }
}
