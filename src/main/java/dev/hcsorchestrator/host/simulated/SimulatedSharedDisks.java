package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.Attachment;
import dev.hcsorchestrator.host.hcs.schema.AttachmentType;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import java.io.IOException;
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

  private final Path folder;
  private final Map<String, List<FileChannel>> held = new ConcurrentHashMap<>();

  /** {@code folder} null: no shared disks. */
  SimulatedSharedDisks(Path folder) {
    this.folder = folder;
  }

  /** Opens the VM's writable disks for {@code systemId}, or fails with a sharing violation. */
  void open(String fn, String systemId, ComputeSystem doc) {
    if (folder == null || doc == null || doc.virtualMachine() == null) {
      return;
    }
    List<FileChannel> opened = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (String disk : writableDisks(doc)) {
        FileChannel channel =
            FileChannel.open(
                folder.resolve("disk-" + key(disk) + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by another simulated host in this process
        }
        if (lock == null) {
          channel.close();
          throw fail(
              fn,
              HResults.E_SHARING_VIOLATION,
              "the virtual disk " + disk + " is in use by another compute system");
        }
        opened.add(channel);
      }
    } catch (IOException e) {
      closeAll(opened);
      throw fail(fn, HResults.E_FAIL, "shared disk state not readable: " + e);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
    if (!opened.isEmpty()) {
      List<FileChannel> before = held.put(systemId, opened);
      if (before != null) {
        closeAll(before);
      }
    }
  }

  /** The system stopped: its disks are free. */
  void close(String systemId) {
    List<FileChannel> channels = held.remove(systemId);
    if (channels != null) {
      closeAll(channels);
    }
  }

  /** The simulated host is gone from this process: it holds no disk any more. */
  void closeAll() {
    for (String id : List.copyOf(held.keySet())) {
      close(id);
    }
  }

  private static void closeAll(List<FileChannel> channels) {
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        // closing releases the lock whatever the outcome
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
