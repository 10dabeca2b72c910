package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * computestorage.dll with the prototypes of ComputeStorage.h: the writable layer flow. {@code
 * HANDLE} is the virtdisk handle of the VHDX ({@link VirtDiskLibrary}); the mount path {@code
 * HcsGetLayerVhdMountPath} returns is freed with {@code LocalFree} ({@link Kernel}).
 */
public interface ComputeStorageLibrary extends Library {

  static ComputeStorageLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, ComputeStorageLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  int HcsFormatWritableLayerVhd(Pointer vhdHandle);

  int HcsGetLayerVhdMountPath(Pointer vhdHandle, PointerByReference mountPath);

  int HcsInitializeWritableLayer(String writableLayerPath, String layerData, String options);

  int HcsAttachLayerStorageFilter(String layerPath, String layerData);

  int HcsDetachLayerStorageFilter(String layerPath);
}
