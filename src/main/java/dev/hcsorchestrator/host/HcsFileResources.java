package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.HostFiles;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file half of {@link HcsHostResources}: disks through virtdisk, state files and file grants
 * through computecore, plain files and folders. Files are made and deleted only where the {@link
 * PathGuard} allows.
 */
final class HcsFileResources {

  // Deeper than any chain Hyper-V makes; more is a loop or a broken file.
  private static final int MAX_CHAIN = 64;

  private final VirtualDisks disks;
  private final ComputeCore core;
  private final HostOperations operations;
  private final PathGuard guard;
  private final HostFiles deletion;

  HcsFileResources(
      VirtualDisks disks,
      ComputeCore core,
      HostOperations operations,
      PathGuard guard,
      HostFiles deletion) {
    this.deletion = deletion;
    this.disks = disks;
    this.core = core;
    this.operations = operations;
    this.guard = guard;
  }

  String ensureDisk(DiskRequest request) {
    return operations.call(
        "ensure_disk",
        null,
        () -> {
          guard.writable("ensure_disk", null, request.path());
          guard.readable("ensure_disk", null, request.parent());
          Path path = Path.of(request.path());
          if (Files.exists(path)) {
            return request.path();
          }
          createParentDirectories(path);
          try {
            if (request.parent() != null) {
              disks.createDifferencingDisk(request.path(), request.parent());
            } else {
              disks.createDynamicDisk(request.path(), request.sizeBytes());
            }
          } catch (HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
          return request.path();
        });
  }

  void deleteDisk(String path) {
    operations.run(
        "delete_disk",
        null,
        () -> {
          guard.writable("delete_disk", null, path);
          deleteIfExists(path);
        });
  }

  void ensureStateFile(String path) {
    operations.run(
        "ensure_state_file",
        null,
        () -> {
          guard.writable("ensure_state_file", null, path);
          Path file = Path.of(path);
          if (Files.exists(file)) {
            return;
          }
          createParentDirectories(file);
          try {
            core.createEmptyRuntimeStateFile(path);
          } catch (HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
        });
  }

  void ensureGuestStateFile(String path) {
    operations.run(
        "ensure_guest_state_file",
        null,
        () -> {
          Path file = Path.of(path);
          if (Files.exists(file)) {
            return;
          }
          createParentDirectories(file);
          try {
            core.createEmptyGuestStateFile(path);
          } catch (HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
        });
  }

  void grantAccess(String systemId, String path) {
    operations.run("grant_access", systemId, () -> core.grantVmAccess(systemId, path));
  }

  List<String> diskChain(String path) {
    return operations.call(
        "disk_chain",
        null,
        () -> {
          List<String> chain = new ArrayList<>();
          chain.add(path);
          if (!fileExists(path)) {
            return chain;
          }
          String current = path;
          while (true) {
            Optional<String> parent = parentOf(current);
            if (parent.isEmpty()) {
              return chain;
            }
            if (chain.contains(parent.get()) || chain.size() > MAX_CHAIN) {
              throw new HcsException(
                  "GetVirtualDiskInformation",
                  HResults.E_INVALIDARG,
                  path + ": the differencing chain loops or is deeper than " + MAX_CHAIN,
                  null);
            }
            chain.add(parent.get());
            current = parent.get();
            if (!fileExists(current)) {
              return chain; // a parent this machine cannot see (a host path off Windows)
            }
          }
        });
  }

  /**
   * The parent virtdisk reports; none for a file virtdisk does not take for a virtual disk (HCS
   * refuses such a disk at create, with its own message, which is the better one to show).
   */
  private Optional<String> parentOf(String disk) {
    try {
      return disks.parentPath(disk);
    } catch (HcsException e) {
      if (HResults.normalize(e.hresult()) == HResults.ERROR_VIRTDISK_NOT_VIRTUAL_DISK) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void revokeAccess(String systemId, String path) {
    operations.run(
        "revoke_access",
        systemId,
        () -> {
          try {
            core.revokeVmAccess(systemId, path);
          } catch (HcsException e) {
            int hr = HResults.normalize(e.hresult());
            if (hr != HResults.E_FILE_NOT_FOUND && hr != HResults.E_PATH_NOT_FOUND) {
              throw e;
            }
          }
        });
  }

  void deleteFile(String path) {
    operations.run(
        "delete_file",
        null,
        () -> {
          guard.writable("delete_file", null, path);
          deleteIfExists(path);
        });
  }

  boolean fileExists(String path) {
    try {
      return Files.isRegularFile(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  void deleteEmptyDirectory(String path) {
    operations.run(
        "delete_directory",
        null,
        () -> {
          guard.writable("delete_directory", null, path);
          try {
            Files.deleteIfExists(Path.of(path));
          } catch (DirectoryNotEmptyException e) {
            // something not ours is in it: keep it rather than delete what we did not create
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
          }
        });
  }

  /**
   * The names of the folders directly in {@code path}, sorted; empty when it does not exist or is
   * not a folder. Files and links are left out: a link could lead anywhere.
   */
  List<String> subfolders(String path) {
    return list("list_folders", path, entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * The names of everything directly in {@code path}, unsorted, none of them looked up; empty when
   * it does not exist or is not a folder.
   */
  List<String> names(String path) {
    return operations.call(
        "list_names",
        null,
        () -> {
          String[] names = new java.io.File(path).list();
          if (names != null) {
            return Arrays.asList(names);
          }
          // null for a path that is no folder, and for a read that failed: tell them apart
          if (Files.isDirectory(Path.of(path))) {
            throw new UncheckedIOException(new IOException("cannot list " + path));
          }
          return List.<String>of();
        });
  }

  /** Whether {@code path} is a folder; a link is not. */
  boolean isFolder(String path) {
    return operations.call(
        "is_folder", null, () -> Files.isDirectory(Path.of(path), LinkOption.NOFOLLOW_LINKS));
  }

  /** The regular files directly in {@code path}, sorted; links are left out. */
  List<String> files(String path) {
    return list("list_files", path, entry -> Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS));
  }

  private List<String> list(String operation, String path, Predicate<Path> kind) {
    return operations.call(
        operation,
        null,
        () -> {
          List<String> names = new ArrayList<>();
          try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(path))) {
            for (Path entry : entries) {
              if (kind.test(entry)) {
                names.add(entry.getFileName().toString());
              }
            }
          } catch (NoSuchFileException | NotDirectoryException e) {
            return List.<String>of();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
          }
          names.sort(null);
          return names;
        });
  }

  private static void createParentDirectories(Path path) {
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteIfExists(String path) {
    deletion.deleteIfExists(path);
  }
}
