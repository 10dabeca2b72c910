package dev.hcsorchestrator.host.jna;

import com.sun.jna.Structure;

/**
 * ATTACH_VIRTUAL_DISK_PARAMETERS with {@code Version = ATTACH_VIRTUAL_DISK_VERSION_2} and both
 * offsets zero (the whole disk), as go-winio's {@code AttachVhd} and hcsshim pass it. The nameless
 * union holds the version 2 arm of two ULONGLONGs, so it is 8-byte aligned: it starts at offset 8
 * and the struct is 24 bytes (mingw-w64's virtdisk.h knows only the version 1 arm and lays it out
 * in 8).
 */
@CStruct("ATTACH_VIRTUAL_DISK_PARAMETERS")
@Structure.FieldOrder({"Version", "Version2"})
public class AttachVirtualDiskParameters extends Structure {
  public int Version = VirtDiskLibrary.ATTACH_VIRTUAL_DISK_VERSION_2;
  public Version2Fields Version2 = new Version2Fields();

  /** The union's {@code Version2} arm: a restricted range of the disk, zero for all of it. */
  @CStruct("__typeof__(((ATTACH_VIRTUAL_DISK_PARAMETERS *)0)->Version2)")
  @Structure.FieldOrder({"RestrictedOffset", "RestrictedLength"})
  public static class Version2Fields extends Structure {
    public long RestrictedOffset;
    public long RestrictedLength;
  }
}
