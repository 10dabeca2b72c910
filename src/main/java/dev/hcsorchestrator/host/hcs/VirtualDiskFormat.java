package dev.hcsorchestrator.host.hcs;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The formats of virtual disk file virtdisk knows, with the {@code DeviceId} of its
 * VIRTUAL_STORAGE_TYPE (VIRTUAL_STORAGE_TYPE_DEVICE_VHD = 2, _VHDX = 3, _UNKNOWN = 0). A file's
 * format is read from its signature, as the formats define it: a VHDX (and an AVHDX, a VHDX by
 * another name) starts with {@code vhdxfile}; a VHD ends with a 512-byte footer starting with
 * {@code conectix}, which a dynamic or differencing VHD also copies to its first sector.
 */
public enum VirtualDiskFormat {
  UNKNOWN(0),
  VHD(2),
  VHDX(3);

  private static final byte[] VHDX_SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VHD_COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
  private static final int VHD_FOOTER = 512;

  private final int deviceId;

  VirtualDiskFormat(int deviceId) {
    this.deviceId = deviceId;
  }

  /** VIRTUAL_STORAGE_TYPE.DeviceId of this format. */
  public int deviceId() {
    return deviceId;
  }

  /** The first bytes a file of this format starts with (UNKNOWN: none). */
  public byte[] signature() {
    return switch (this) {
      case VHDX -> VHDX_SIGNATURE.clone();
      case VHD -> VHD_COOKIE.clone();
      case UNKNOWN -> new byte[0];
    };
  }

  /** The format a new disk at {@code path} gets: VHD for {@code .vhd}, otherwise VHDX. */
  public static VirtualDiskFormat forNewDisk(String path) {
    return path != null && path.toLowerCase(Locale.ROOT).endsWith(".vhd") ? VHD : VHDX;
  }

  /** The format of the existing file at {@code path} by its signature; UNKNOWN if unreadable. */
  public static VirtualDiskFormat ofFile(String path) {
    if (path == null) {
      return UNKNOWN;
    }
    try (SeekableByteChannel in = Files.newByteChannel(Path.of(path))) {
      byte[] head = read(in, 0, VHDX_SIGNATURE.length);
      if (Arrays.equals(head, VHDX_SIGNATURE)) {
        return VHDX;
      }
      if (Arrays.equals(head, VHD_COOKIE)) {
        return VHD;
      }
      long size = in.size();
      if (size >= VHD_FOOTER
          && Arrays.equals(read(in, size - VHD_FOOTER, VHD_COOKIE.length), VHD_COOKIE)) {
        return VHD;
      }
      return UNKNOWN;
    } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
      return UNKNOWN;
    }
  }

  private static byte[] read(SeekableByteChannel in, long position, int length) throws IOException {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
    in.position(position);
    while (buffer.hasRemaining() && in.read(buffer) > 0) {
      // keep reading: a channel may return fewer bytes than asked
    }
    return buffer.position() == length ? buffer.array() : new byte[0];
  }
}
