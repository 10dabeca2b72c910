package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDiskFormat;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * virtdisk.dll simulated: a disk is a real sparse file that starts with the signature of its format
 * ({@code vhdxfile} for a VHDX or AVHDX, {@code conectix} for a VHD, chosen by the name as virtdisk
 * chooses it) and a line saying what it is; a differencing disk's line names its parent ({@code
 * ParentPath <path>}), which is what {@link #parentPath} reports, so a chain is walked here as on
 * Windows. Its length is {@link #FILE_LENGTH} without the space being written. It answers
 * virtdisk's Win32 codes: ERROR_FILE_EXISTS (80), ERROR_PATH_NOT_FOUND (3) when the folder is
 * missing, ERROR_FILE_NOT_FOUND (2) when opening a missing disk, ERROR_ACCESS_DENIED (5),
 * ERROR_INVALID_PARAMETER (87) for a size that is not a positive multiple of 512 or an empty path,
 * ERROR_VHD_PARENT_VHD_NOT_FOUND (0xC03A000D) for a missing parent, ERROR_VIRTDISK_NOT_VIRTUAL_DISK
 * (0xC03A0015) for a file that is not one, and ERROR_DEV_NOT_EXIST (55) for the device of a disk
 * that is not attached.
 *
 * <p>A parent is checked only where its path can exist on this machine: a Windows path such as
 * {@code C:\images\base.vhdx} seen off Windows names the real host's images, which the simulator
 * cannot see, and is accepted as it stands (and ends the chain).
 */
public final class SimulatedVirtualDisks implements VirtualDisks {

  /** The length of every simulated disk file: sparse, so it occupies only its first block. */
  public static final long FILE_LENGTH = 4L * 1024 * 1024;

  private static final String PARENT_MARKER = "ParentPath ";
  // Deeper than any chain Hyper-V makes; a longer (or looping) one is refused as broken.
  private static final int MAX_CHAIN = 64;
  private static final int ERROR_FILE_NOT_FOUND = 2;
  private static final int ERROR_PATH_NOT_FOUND = 3;
  private static final int ERROR_ACCESS_DENIED = 5;
  private static final int ERROR_DEV_NOT_EXIST = 55;
  private static final int ERROR_FILE_EXISTS = 80;
  private static final int ERROR_INVALID_PARAMETER = 87;

  private final SimulatorFaults faults;
  private final Map<Path, Integer> attached = new ConcurrentHashMap<>();
  private final AtomicInteger lastDrive = new AtomicInteger(1);

  public SimulatedVirtualDisks(SimulatorFaults faults) {
    this.faults = faults;
  }

  @Override
  public void createDynamicDisk(String path, long maximumSizeBytes) {
    String fn = "CreateVirtualDisk";
    faults.check("CreateDisk", fn);
    if (maximumSizeBytes <= 0 || maximumSizeBytes % 512 != 0) {
      throw win32(fn, ERROR_INVALID_PARAMETER, "MaximumSize must be a positive multiple of 512");
    }
    write(
        fn,
        path,
        "simulated dynamic "
            + VirtualDiskFormat.forNewDisk(path)
            + ", MaximumSize "
            + maximumSizeBytes
            + "\n");
  }

  @Override
  public void createDifferencingDisk(String path, String parentPath) {
    String fn = "CreateVirtualDisk";
    faults.check("CreateDisk", fn);
    if (parentPath == null || parentPath.isBlank()) {
      throw win32(fn, ERROR_INVALID_PARAMETER, "ParentPath is required");
    }
    if (checkable(parentPath)) {
      Path parent = Path.of(parentPath);
      if (!Files.exists(parent)) {
        throw new HcsException(
            fn, HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND, "no parent disk " + parentPath, null);
      }
      requireDisk(fn, parent);
    }
    write(
        fn,
        path,
        "simulated differencing "
            + VirtualDiskFormat.forNewDisk(path)
            + ", "
            + PARENT_MARKER
            + parentPath
            + "\n");
  }

  /**
   * Opens the disk and, as virtdisk does, every parent of its chain that can exist here
   * (OpenVirtualDisk as the C twin forwards it; the service opens disks only through {@link
   * #parentPath}).
   */
  public void open(String path) {
    String fn = "OpenVirtualDisk";
    String current = path;
    for (int depth = 0; depth < MAX_CHAIN; depth++) {
      Optional<String> parent = parentOf(fn, current);
      if (parent.isEmpty() || !checkable(parent.get())) {
        return;
      }
      current = parent.get();
    }
    throw win32(fn, ERROR_INVALID_PARAMETER, path + ": a differencing chain deeper than 64");
  }

  @Override
  public Optional<String> parentPath(String path) {
    return parentOf("GetVirtualDiskInformation", path);
  }

  /** The parent a disk names, checked to exist where it can; empty for a disk without one. */
  private static Optional<String> parentOf(String fn, String path) {
    Path disk = existing(fn, path);
    requireDisk(fn, disk);
    String parent = null;
    try (var in = Files.newInputStream(disk)) {
      String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      for (String line : head.split("\n")) {
        int at = line.indexOf(PARENT_MARKER);
        if (line.startsWith("simulated differencing") && at >= 0) {
          parent = line.substring(at + PARENT_MARKER.length()).replace("\u0000", "").trim();
          break;
        }
      }
    } catch (IOException e) {
      throw new HcsException(fn, HResults.E_FAIL, e.toString(), null);
    }
    if (parent == null) {
      return Optional.empty();
    }
    if (checkable(parent) && !Files.exists(Path.of(parent))) {
      throw new HcsException(
          fn, HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND, path + ": no parent disk " + parent, null);
    }
    return Optional.of(parent);
  }

  /** AttachVirtualDisk, as the simulated computestorage and the C twin attach a disk. */
  public void attach(String path) {
    String fn = "AttachVirtualDisk";
    faults.check("AttachDisk", fn);
    Path disk = existing(fn, path);
    requireDisk(fn, disk);
    attached.computeIfAbsent(disk.toAbsolutePath().normalize(), p -> lastDrive.incrementAndGet());
  }

  /** DetachVirtualDisk: what the storage filter's detach does to the scratch disk. */
  public void detach(String path) {
    String fn = "DetachVirtualDisk";
    Path disk = existing(fn, path);
    requireDisk(fn, disk);
    if (attached.remove(disk.toAbsolutePath().normalize()) == null) {
      throw win32(fn, ERROR_DEV_NOT_EXIST, path + " is not attached");
    }
  }

  /** Whether the disk at {@code path} is attached to the host (by a VM disk or a scratch layer). */
  public boolean attached(String path) {
    return path != null && attached.containsKey(Path.of(path).toAbsolutePath().normalize());
  }

  /** Whether a path names something this machine could hold (not a Windows path off Windows). */
  private static boolean checkable(String path) {
    boolean windowsPath = path.matches("^[A-Za-z]:[\\\\/].*") || path.startsWith("\\\\");
    return !windowsPath || java.io.File.separatorChar == '\\';
  }

  private static Path existing(String fn, String path) {
    if (path == null || path.isBlank()) {
      throw win32(fn, ERROR_INVALID_PARAMETER, "Path is required");
    }
    Path disk = Path.of(path);
    if (!Files.exists(disk)) {
      throw win32(fn, ERROR_FILE_NOT_FOUND, "no disk " + path);
    }
    return disk;
  }

  private static void requireDisk(String fn, Path disk) {
    byte[] head = new byte[8];
    try (var in = Files.newInputStream(disk)) {
      int read = in.readNBytes(head, 0, head.length);
      if (read == head.length
          && (Arrays.equals(head, VirtualDiskFormat.VHDX.signature())
              || Arrays.equals(head, VirtualDiskFormat.VHD.signature()))) {
        return;
      }
    } catch (AccessDeniedException e) {
      throw win32(fn, ERROR_ACCESS_DENIED, "access denied: " + disk);
    } catch (IOException e) {
      throw new HcsException(fn, HResults.E_FAIL, e.toString(), null);
    }
    throw new HcsException(
        fn, HResults.ERROR_VIRTDISK_NOT_VIRTUAL_DISK, disk + " is not a virtual disk", null);
  }

  private static void write(String fn, String path, String description) {
    if (path == null || path.isBlank()) {
      throw win32(fn, ERROR_INVALID_PARAMETER, "Path is required");
    }
    Path file = Path.of(path);
    try {
      Files.write(
          file,
          concat(
              VirtualDiskFormat.forNewDisk(path).signature(),
              ("\n" + description).getBytes(StandardCharsets.UTF_8)),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
        sparse.setLength(FILE_LENGTH); // extends without writing: a hole on sparse file systems
      }
    } catch (FileAlreadyExistsException e) {
      throw win32(fn, ERROR_FILE_EXISTS, "the file exists: " + path);
    } catch (NoSuchFileException e) {
      throw win32(fn, ERROR_PATH_NOT_FOUND, "the folder does not exist: " + path);
    } catch (AccessDeniedException e) {
      throw win32(fn, ERROR_ACCESS_DENIED, "access denied: " + path);
    } catch (IOException e) {
      throw new HcsException(fn, HResults.E_FAIL, e.toString(), null);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static HcsException win32(String fn, int code, String message) {
    return new HcsException(fn, HResults.fromWin32(code), message, null);
  }
}
