package dev.hcsorchestrator.host.jna;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;

/**
 * {@link ComputeStorage} over computestorage.dll and virtdisk.dll (or their C twin) through JNA, in
 * hcsshim's computestorage order. The VHDX is opened and attached with virtdisk's binding ({@link
 * VirtDiskLibrary}, as {@link NativeVirtualDisks} opens it: VHDX of Microsoft's provider, version 2
 * parameters, access mask none). Every VHDX handle is opened for one call and closed with {@code
 * CloseHandle} in {@code finally}; the attach has permanent lifetime, so the volume stays after the
 * handle closes; the mount path is copied and freed with {@code LocalFree}. Calls are bounded by
 * the {@code other} timeout ({@link BoundedCalls}).
 */
public final class NativeComputeStorage implements ComputeStorage, AutoCloseable {

  private final ComputeStorageLibrary lib;
  private final VirtDiskLibrary disks;
  private final Kernel kernel;
  private final VmComputeLibrary vmcompute;
  private final BoundedCalls calls;

  public NativeComputeStorage(
      ComputeStorageLibrary lib,
      VirtDiskLibrary disks,
      Kernel kernel,
      VmComputeLibrary vmcompute,
      Duration timeout) {
    this.lib = lib;
    this.disks = disks;
    this.kernel = kernel;
    this.vmcompute = vmcompute;
    this.calls = new BoundedCalls("hcs-storage", "other", timeout);
  }

  /**
   * Loads computestorage, virtdisk and vmcompute by name on Windows; off Windows all of them (and
   * kernel32's two functions) from {@code twinPath}, the C twin.
   */
  public static NativeComputeStorage load(String twinPathOrNull, Duration timeout) {
    boolean windows = Platform.isWindows() || twinPathOrNull == null;
    return new NativeComputeStorage(
        ComputeStorageLibrary.load(windows ? "computestorage" : twinPathOrNull),
        VirtDiskLibrary.load(windows ? "virtdisk" : twinPathOrNull),
        Kernel.load(windows ? "kernel32" : twinPathOrNull),
        VmComputeLibrary.load(windows ? "vmcompute" : twinPathOrNull),
        timeout);
  }

  /**
   * vmcompute.dll's {@code NameToGuid} of the folder's last name, as hcsshim's {@code
   * wclayer.LayerID} (and so Docker and containerd): a layer Docker also uses has the same id.
   */
  @Override
  public String layerId(String layerFolder) {
    String name = ComputeStorage.folderName(layerFolder);
    return calls.call(
        "NameToGuid",
        () -> {
          byte[] guid = new byte[16];
          check("NameToGuid", vmcompute.NameToGuid(name, guid));
          return guidText(guid);
        });
  }

  /** A GUID's 16 bytes in memory layout as its text, lower case. */
  static String guidText(byte[] g) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(g).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int data1 = b.getInt();
    short data2 = b.getShort();
    short data3 = b.getShort();
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%08x-%04x-%04x-", data1, Short.toUnsignedInt(data2), Short.toUnsignedInt(data3)));
    for (int i = 8; i < 16; i++) {
      if (i == 10) {
        text.append('-');
      }
      text.append(String.format("%02x", g[i]));
    }
    return text.toString();
  }

  @Override
  public void formatWritableLayerVhd(String vhdPath) {
    calls.run(
        "HcsFormatWritableLayerVhd",
        () ->
            withDisk(
                vhdPath,
                h -> {
                  check("HcsFormatWritableLayerVhd", lib.HcsFormatWritableLayerVhd(h));
                  return null;
                }));
  }

  @Override
  public String attachLayerVhd(String vhdPath) {
    return calls.call(
        "AttachVirtualDisk",
        () ->
            withDisk(
                vhdPath,
                h -> {
                  win32(
                      "AttachVirtualDisk",
                      disks.AttachVirtualDisk(
                          h,
                          null,
                          VirtDiskLibrary.ATTACH_VIRTUAL_DISK_FLAG_PERMANENT_LIFETIME
                              | VirtDiskLibrary.ATTACH_VIRTUAL_DISK_FLAG_NO_DRIVE_LETTER,
                          0,
                          new AttachVirtualDiskParameters(),
                          null));
                  return mountPath(h);
                }));
  }

  @Override
  public String layerVhdMountPath(String vhdPath) {
    return calls.call("HcsGetLayerVhdMountPath", () -> withDisk(vhdPath, this::mountPath));
  }

  @Override
  public void detachLayerVhd(String vhdPath) {
    calls.run(
        "DetachVirtualDisk",
        () ->
            withDisk(
                vhdPath,
                h -> {
                  win32(
                      "DetachVirtualDisk",
                      disks.DetachVirtualDisk(h, VirtDiskLibrary.DETACH_VIRTUAL_DISK_FLAG_NONE, 0));
                  return null;
                }));
  }

  @Override
  public void initializeWritableLayer(String writableLayerPath, String layerData, String options) {
    calls.run(
        "HcsInitializeWritableLayer",
        () ->
            check(
                "HcsInitializeWritableLayer",
                lib.HcsInitializeWritableLayer(writableLayerPath, layerData, options)));
  }

  @Override
  public void attachLayerStorageFilter(String layerPath, String layerData) {
    calls.run(
        "HcsAttachLayerStorageFilter",
        () ->
            check(
                "HcsAttachLayerStorageFilter",
                lib.HcsAttachLayerStorageFilter(layerPath, layerData)));
  }

  @Override
  public void detachLayerStorageFilter(String layerPath) {
    calls.run(
        "HcsDetachLayerStorageFilter",
        () -> check("HcsDetachLayerStorageFilter", lib.HcsDetachLayerStorageFilter(layerPath)));
  }

  @Override
  public void close() {
    calls.close();
  }

  private String mountPath(Pointer handle) {
    PointerByReference path = new PointerByReference();
    int hr = lib.HcsGetLayerVhdMountPath(handle, path);
    Pointer p = path.getValue();
    String text = null;
    if (p != null) {
      try {
        text = p.getWideString(0);
      } finally {
        kernel.LocalFree(p);
      }
    }
    check("HcsGetLayerVhdMountPath", hr);
    if (text == null || text.isBlank()) {
      throw new HcsException("HcsGetLayerVhdMountPath", HResults.E_FAIL, "no mount path", null);
    }
    return text;
  }

  private <T> T withDisk(String vhdPath, java.util.function.Function<Pointer, T> body) {
    PointerByReference handle = new PointerByReference();
    try {
      win32(
          "OpenVirtualDisk",
          disks.OpenVirtualDisk(
              VirtualStorageType.vhdx(),
              vhdPath,
              VirtDiskLibrary.VIRTUAL_DISK_ACCESS_NONE,
              VirtDiskLibrary.OPEN_VIRTUAL_DISK_FLAG_NONE,
              OpenVirtualDiskParameters.forAttach(),
              handle));
      return body.apply(handle.getValue());
    } finally {
      if (handle.getValue() != null) {
        kernel.CloseHandle(handle.getValue());
      }
    }
  }

  private static void check(String function, int hr) {
    if (hr < 0) {
      throw new HcsException(function, hr, null, null);
    }
  }

  /** virtdisk answers Win32 error codes: 0 is success, the rest become HRESULT_FROM_WIN32. */
  private static void win32(String function, int error) {
    if (error != 0) {
      throw new HcsException(function, HResults.fromWin32(error), null, null);
    }
  }
}
