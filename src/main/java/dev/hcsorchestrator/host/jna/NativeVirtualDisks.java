package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDiskFormat;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link VirtualDisks} over virtdisk.dll (or its C twin) through JNA, as go-winio's vhd package
 * calls it: the storage type of the Microsoft provider for the file's format (VHD or VHDX; a
 * differencing disk's parent read from its signature, never assumed); version 2 parameters for
 * create, open and attach (whole disk), with the access mask VIRTUAL_DISK_ACCESS_NONE that version
 * 2 requires; attach without a drive letter for a permanent lifetime. Every handle is closed with
 * CloseHandle before a method returns. The calls are synchronous in the DLL, so each runs on its
 * own thread and is waited for at most {@code hcs.host.native.timeouts.disk}; a call that runs out
 * fails with HCS_E_OPERATION_TIMEOUT and its thread closes the handle when the DLL returns.
 */
public final class NativeVirtualDisks implements VirtualDisks, AutoCloseable {

  private static final int ERROR_INSUFFICIENT_BUFFER = 122;
  // A parent location longer than this is refused rather than allocated for.
  private static final int MAX_INFO_BYTES = 1 << 20;
  private static final String TIMEOUT_PROPERTY = "hcs.host.native.timeouts.disk";

  private final VirtDiskLibrary lib;
  private final Kernel kernel;
  private final Duration timeout;
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "virtdisk-call");
            t.setDaemon(true);
            return t;
          });

  public NativeVirtualDisks(VirtDiskLibrary lib, Kernel kernel, Duration timeout) {
    this.lib = lib;
    this.kernel = kernel;
    this.timeout = timeout;
  }

  /**
   * virtdisk and kernel32 on Windows; off Windows {@code library} is the C twin, which plays both.
   */
  public static NativeVirtualDisks load(String library, Duration timeout) {
    return new NativeVirtualDisks(VirtDiskLibrary.load(library), Kernel.load(library), timeout);
  }

  @Override
  public void createDynamicDisk(String path, long maximumSizeBytes) {
    create(path, CreateVirtualDiskParameters.dynamic(maximumSizeBytes));
  }

  @Override
  public void createDifferencingDisk(String path, String parentPath) {
    VirtualDiskFormat parent = VirtualDiskFormat.ofFile(parentPath);
    create(
        path, CreateVirtualDiskParameters.differencing(parentPath, VirtualStorageType.of(parent)));
  }

  private void create(String path, CreateVirtualDiskParameters parameters) {
    String fn = "CreateVirtualDisk";
    bounded(
        fn,
        path,
        () -> {
          PointerByReference handle = new PointerByReference();
          int code =
              lib.CreateVirtualDisk(
                  VirtualStorageType.of(VirtualDiskFormat.forNewDisk(path)),
                  path,
                  VirtDiskLibrary.VIRTUAL_DISK_ACCESS_NONE,
                  null,
                  VirtDiskLibrary.CREATE_VIRTUAL_DISK_FLAG_NONE,
                  0,
                  parameters,
                  null,
                  handle);
          // A handle is ours to close whatever the code says.
          closeHandle(handle.getValue());
          check(fn, path, code);
          return null;
        });
  }

  @Override
  public Optional<String> parentPath(String path) {
    String fn = "GetVirtualDiskInformation";
    return withDisk(
        fn,
        path,
        OpenVirtualDiskParameters.infoOnly(),
        disk -> {
          GetVirtualDiskInfo subtype =
              information(
                  fn, path, disk, VirtDiskLibrary.GET_VIRTUAL_DISK_INFO_PROVIDER_SUBTYPE, 0);
          if (subtype.unionInt() != VirtDiskLibrary.PROVIDER_SUBTYPE_DIFFERENCING) {
            return Optional.empty();
          }
          GetVirtualDiskInfo location =
              information(
                  fn, path, disk, VirtDiskLibrary.GET_VIRTUAL_DISK_INFO_PARENT_LOCATION, 1024);
          if (location.unionInt() == 0) {
            // Not resolved: the buffer lists where the parent was looked for.
            throw new HcsException(
                fn,
                HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND,
                path + ": parent not found at " + location.parentLocation(),
                null);
          }
          return Optional.of(location.parentLocation());
        });
  }

  /** GetVirtualDiskInformation for {@code version}, the buffer grown once if the DLL asks. */
  private GetVirtualDiskInfo information(
      String fn, String path, Pointer disk, int version, int bytes) {
    GetVirtualDiskInfo info = GetVirtualDiskInfo.request(version, bytes);
    IntByReference size = new IntByReference(info.bufferSize());
    int code = lib.GetVirtualDiskInformation(disk, size, info, null);
    if (code == ERROR_INSUFFICIENT_BUFFER
        && size.getValue() > info.bufferSize()
        && size.getValue() <= MAX_INFO_BYTES) {
      info = GetVirtualDiskInfo.request(version, size.getValue());
      size = new IntByReference(info.bufferSize());
      code = lib.GetVirtualDiskInformation(disk, size, info, null);
    }
    check(fn, path, code);
    return info;
  }

  /** Closes the worker threads; calls still inside the DLL finish and close their handles. */
  @Override
  public void close() {
    calls.shutdown();
  }

  private interface DiskCall<T> {
    T apply(Pointer disk);
  }

  private <T> T withDisk(
      String fn, String path, OpenVirtualDiskParameters parameters, DiskCall<T> call) {
    return bounded(
        fn,
        path,
        () -> {
          PointerByReference handle = new PointerByReference();
          int code =
              lib.OpenVirtualDisk(
                  VirtualStorageType.of(VirtualDiskFormat.ofFile(path)),
                  path,
                  VirtDiskLibrary.VIRTUAL_DISK_ACCESS_NONE,
                  VirtDiskLibrary.OPEN_VIRTUAL_DISK_FLAG_NONE,
                  parameters,
                  handle);
          try {
            check("OpenVirtualDisk", path, code);
            return call.apply(handle.getValue());
          } finally {
            closeHandle(handle.getValue());
          }
        });
  }

  private <T> T bounded(String fn, String path, Supplier<T> call) {
    Future<T> future = calls.submit(call::get);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The DLL call cannot be interrupted; its thread finishes it and closes the handle.
      throw new HcsException(
          fn,
          HResults.HCS_E_OPERATION_TIMEOUT,
          path + ": no result within " + TIMEOUT_PROPERTY,
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HcsException(fn, HResults.E_FAIL, path + ": interrupted", null);
    }
  }

  private void closeHandle(Pointer handle) {
    if (handle != null && Pointer.nativeValue(handle) != -1) {
      kernel.CloseHandle(handle);
    }
  }

  private static void check(String fn, String path, int code) {
    if (code != 0) {
      int hr = HResults.fromWin32(code);
      throw new HcsException(fn, hr, path + ": " + HResults.name(hr), null);
    }
  }
}
