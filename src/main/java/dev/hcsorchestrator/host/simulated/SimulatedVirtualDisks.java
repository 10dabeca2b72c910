package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * virtdisk.dll simulated: a "disk" is a small marker file at the requested path (not a VHDX),
 * answering virtdisk's Win32 codes: ERROR_FILE_EXISTS (80), ERROR_PATH_NOT_FOUND (3) when the
 * folder is missing, ERROR_INVALID_PARAMETER (87) for a size that is not a positive multiple of 512
 * or a missing parent. The parent's existence is not checked: images live on Windows paths that do
 * not exist where the simulator runs.
 */
public final class SimulatedVirtualDisks implements VirtualDisks {

  private static final int ERROR_PATH_NOT_FOUND = 3;
  private static final int ERROR_FILE_EXISTS = 80;
  private static final int ERROR_INVALID_PARAMETER = 87;

  private final SimulatorFaults faults;

  public SimulatedVirtualDisks(SimulatorFaults faults) {
    this.faults = faults;
  }

  @Override
  public void createDynamicDisk(String path, long maximumSizeBytes) {
    faults.check("CreateDisk", "CreateVirtualDisk");
    if (maximumSizeBytes <= 0 || maximumSizeBytes % 512 != 0) {
      throw win32(ERROR_INVALID_PARAMETER, "MaximumSize must be a positive multiple of 512");
    }
    write(path, "simulated dynamic VHDX, MaximumSize " + maximumSizeBytes + "\n");
  }

  @Override
  public void createDifferencingDisk(String path, String parentPath) {
    faults.check("CreateDisk", "CreateVirtualDisk");
    if (parentPath == null || parentPath.isBlank()) {
      throw win32(ERROR_INVALID_PARAMETER, "ParentPath is required");
    }
    write(path, "simulated differencing VHDX, ParentPath " + parentPath + "\n");
  }

  private static void write(String path, String marker) {
    if (path == null || path.isBlank()) {
      throw win32(ERROR_INVALID_PARAMETER, "Path is required");
    }
    try {
      Files.writeString(Path.of(path), marker, java.nio.file.StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw win32(ERROR_FILE_EXISTS, "the file exists: " + path);
    } catch (NoSuchFileException e) {
      throw win32(ERROR_PATH_NOT_FOUND, "the folder does not exist: " + path);
    } catch (IOException e) {
      throw new HcsException("CreateVirtualDisk", HResults.E_FAIL, e.toString(), null);
    }
  }

  private static HcsException win32(int code, String message) {
    return new HcsException("CreateVirtualDisk", HResults.fromWin32(code), message, null);
  }
}
