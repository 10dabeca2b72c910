package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HcsException;

/**
 * The backend handed to the C twin of computestorage.dll: every forwarded call is answered by the
 * Java {@link ComputeStorage} (the simulated one). The disk handles it is given are the virtdisk
 * twin's ({@link TwinVirtDiskBackend} answers their open, attach and detach).
 */
public final class TwinStorageBackend {

  private static final int E_FAIL = 0x80004005;

  private final TwinStorageLibrary twin;
  private final ComputeStorage storage;
  private final TwinStorageLibrary.Backend table = new TwinStorageLibrary.Backend();
  private final TwinVmComputeLibrary vmcompute;
  // held strongly: the twin keeps only the native pointer
  private final TwinVmComputeLibrary.NameToGuidCall nameToGuid = this::nameToGuid;

  /**
   * Also answers the vmcompute twin's NameToGuid ({@code vmcompute}, the same library) from {@link
   * ComputeStorage#layerId}.
   */
  public TwinStorageBackend(
      TwinStorageLibrary twin, TwinVmComputeLibrary vmcompute, ComputeStorage storage) {
    this.twin = twin;
    this.vmcompute = vmcompute;
    this.storage = storage;
    table.call = this::call;
  }

  public void install() {
    twin.TwinSetStorageBackend(table);
    vmcompute.TwinSetVmComputeBackend(nameToGuid);
  }

  public void uninstall() {
    twin.TwinSetStorageBackend(null);
    vmcompute.TwinSetVmComputeBackend(null);
  }

  /** The GUID text {@code storage} gives the name, written as a GUID's 16 bytes in memory. */
  private int nameToGuid(Pointer name, Pointer out) {
    try {
      java.util.UUID id = java.util.UUID.fromString(storage.layerId(text(name)));
      java.nio.ByteBuffer b =
          java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      long msb = id.getMostSignificantBits();
      b.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
      b.order(java.nio.ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
      out.write(0, b.array(), 0, 16);
      return 0;
    } catch (HcsException e) {
      return e.hresult();
    } catch (RuntimeException e) {
      return E_FAIL;
    }
  }

  private static String text(Pointer p) {
    return p == null ? null : p.getWideString(0);
  }

  private int call(int fn, Pointer ap, Pointer bp, Pointer cp, Pointer reply) {
    String a = text(ap);
    String b = text(bp);
    String c = text(cp);
    try {
      switch (fn) {
        case TwinStorageLibrary.MOUNT_PATH ->
            twin.TwinStorageReply(reply, storage.layerVhdMountPath(a));
        case TwinStorageLibrary.FORMAT -> storage.formatWritableLayerVhd(a);
        case TwinStorageLibrary.INITIALIZE -> storage.initializeWritableLayer(a, b, c);
        case TwinStorageLibrary.FILTER_ATTACH -> storage.attachLayerStorageFilter(a, b);
        case TwinStorageLibrary.FILTER_DETACH -> storage.detachLayerStorageFilter(a);
        default -> throw new IllegalArgumentException("storage function " + fn);
      }
      return 0;
    } catch (HcsException e) {
      return e.hresult();
    } catch (RuntimeException e) {
      return E_FAIL;
    }
  }
}
