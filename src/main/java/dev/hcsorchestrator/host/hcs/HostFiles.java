package dev.hcsorchestrator.host.hcs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deleting a file the service made, as kernel32's {@code DeleteFileW} does (the JDK's {@code
 * Files.delete} calls it on Windows): a file another process holds open without {@code
 * FILE_SHARE_DELETE}, as a VM's worker process holds its writable virtual disks, on this host or,
 * over an SMB share or a Cluster Shared Volume, on another, is not deleted ({@code
 * ERROR_SHARING_VIOLATION}). {@link #JDK} is that call; the simulated host adds the disks its
 * simulated systems hold open, which a POSIX file system would delete.
 */
public interface HostFiles {

  /** The JDK's own deletion: Windows refuses a file held open, as described above. */
  HostFiles JDK =
      path -> {
        try {
          Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + path, e);
        }
      };

  /** Deletes {@code path}; nothing when it is not there. */
  void deleteIfExists(String path);
}
