package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.Attachment;
import dev.hcsorchestrator.host.hcs.schema.AttachmentType;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hcs.simulator.shared-state}: the disks that simulated hosts of one machine share, as
 * Hyper-V hosts share an SMB share or a Cluster Shared Volume. A VM's worker process opens each
 * writable virtual disk for writing, exclusively, while the VM exists; a second VM with that disk,
 * on this or another host, fails to be created with ERROR_SHARING_VIOLATION. Modelled with one lock
 * file per disk in the shared folder, held by an operating-system file lock: released when the
 * system stops, and, as with a host that loses power, when the process holding it dies. Without a
 * shared folder nothing is checked.
 */
final class SimulatedSharedDisks {

  /**
   * The lock files held by any simulated host of this process. A POSIX lock belongs to the process:
   * closing any channel of a file drops every lock the process holds on it, so a lock held here is
   * never probed by opening its file again.
   */
  private static final Set<Path> HELD_IN_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path folder;
  private final Map<String, List<Path>> held = new ConcurrentHashMap<>();
  private final Map<Path, FileChannel> channels = new ConcurrentHashMap<>();

  /** {@code folder} null: no shared disks. */
  SimulatedSharedDisks(Path folder) {
    this.folder = folder;
  }

  /** Opens the VM's writable disks for {@code systemId}, or fails with a sharing violation. */
  void open(String fn, String systemId, ComputeSystem doc) {
    if (folder == null || doc == null || doc.virtualMachine() == null) {
      return;
    }
    List<Path> opened = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (String disk : writableDisks(doc)) {
        Path lockFile = lockFile(disk);
        if (!lock(lockFile)) {
          throw fail(
              fn,
              HResults.E_SHARING_VIOLATION,
              "the virtual disk " + disk + " is in use by another compute system");
        }
        opened.add(lockFile);
      }
    } catch (IOException e) {
      unlockAll(opened);
      throw fail(fn, HResults.E_FAIL, "shared disk state not readable: " + e);
    } catch (RuntimeException e) {
      unlockAll(opened);
      throw e;
    }
    if (!opened.isEmpty()) {
      List<Path> before = held.put(systemId, opened);
      if (before != null) {
        unlockAll(before);
      }
    }
  }

  /**
   * Deletes a file as Windows does: not while a simulated system of any host sharing the folder
   * holds it open as a writable disk (ERROR_SHARING_VIOLATION); the disk's lock is held while it is
   * deleted, so that no system opens it meanwhile.
   */
  void deleteIfExists(String path) {
    Path file = Path.of(path);
    try {
      if (folder == null || !Files.exists(lockFile(path))) {
        Files.deleteIfExists(file);
        return;
      }
      Path lockFile = lockFile(path);
      if (!lock(lockFile)) {
        throw fail(
            "DeleteFileW",
            HResults.E_SHARING_VIOLATION,
            path
                + ": the process cannot access the file because it is being used by another"
                + " process");
      }
      try {
        Files.deleteIfExists(file);
      } finally {
        unlockAll(List.of(lockFile));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private Path lockFile(String disk) {
    return folder.resolve("disk-" + key(disk) + ".lock");
  }

  /**
   * Takes the lock on {@code lockFile}; false when a host, of this process or another, holds it.
   */
  private boolean lock(Path lockFile) throws IOException {
    if (!HELD_IN_PROCESS.add(lockFile)) {
      return false;
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        HELD_IN_PROCESS.remove(lockFile);
        return false;
      }
      channels.put(lockFile, channel);
      return true;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      HELD_IN_PROCESS.remove(lockFile);
      throw e;
    }
  }

  /** The system stopped: its disks are free. */
  void close(String systemId) {
    List<Path> locks = held.remove(systemId);
    if (locks != null) {
      unlockAll(locks);
    }
  }

  /** The simulated host is gone from this process: it holds no disk any more. */
  void closeAll() {
    for (String id : List.copyOf(held.keySet())) {
      close(id);
    }
  }

  private void unlockAll(List<Path> lockFiles) {
    for (Path p : lockFiles) {
      FileChannel c = channels.remove(p);
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          // closing releases the lock whatever the outcome
        }
        HELD_IN_PROCESS.remove(p);
      }
    }
  }

  private static List<String> writableDisks(ComputeSystem doc) {
    List<String> disks = new ArrayList<>();
    var devices = doc.virtualMachine().devices();
    if (devices == null || devices.scsi() == null) {
      return disks;
    }
    devices
        .scsi()
        .values()
        .forEach(
            scsi -> {
              if (scsi != null && scsi.attachments() != null) {
                for (Attachment a : scsi.attachments().values()) {
                  if (a != null
                      && a.path() != null
                      && a.type() == AttachmentType.VirtualDisk
                      && !Boolean.TRUE.equals(a.readOnly())) {
                    disks.add(a.path());
                  }
                }
              }
            });
    return disks;
  }

  private static String key(String path) {
    String normal = Path.of(path).toAbsolutePath().normalize().toString();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
