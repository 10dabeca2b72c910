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

  public TwinStorageBackend(TwinStorageLibrary twin, ComputeStorage storage) {
    this.twin = twin;
    this.storage = storage;
    table.call = this::call;
  }

  public void install() {
    twin.TwinSetStorageBackend(table);
  }

  public void uninstall() {
    twin.TwinSetStorageBackend(null);
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
        case TwinStorageLibrary.DESTROY -> storage.destroyLayer(a);
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
