package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The last check before a path leaves for the host: its real location (links resolved now, not at
 * submit) must still lie inside {@code hcs.storage.root} or an image root, and a file the service
 * writes or deletes inside the storage root. Otherwise a terminal {@link HostException.Rejected}
 * naming the path: the reconciler marks the definition Failed with it.
 */
final class PathGuard {

  /** No confinement: for tests of the document layer, which name paths of no real host. */
  static final PathGuard NONE = new PathGuard(null);

  private final StoragePaths paths;

  PathGuard(StoragePaths paths) {
    this.paths = paths;
  }

  /**
   * Every file a system is made from, where it really lies now: disks, layers and mapped folders
   * readable; the restore file and a container's scratch disk (the VHDX in its definition-owned
   * folder, not the {@code \\?\Volume{...}\} path it is mounted at) writable.
   */
  void system(SystemSpec spec) {
    String id = spec.id();
    for (SystemSpec.AttachedDisk disk : orEmpty(spec.disks())) {
      readable("create", id, disk.path());
    }
    writable("create", id, spec.restoreStateFile());
    SystemSpec.ContainerStorage storage = spec.container();
    if (storage != null) {
      for (ScratchVolume.LayerId layer : orEmpty(storage.layers())) {
        readable("create", id, layer.path());
      }
      if (storage.scratchFolder() != null) {
        writable(
            "create",
            id,
            of("create", id, storage.scratchFolder())
                .resolve(HcsContainerResources.DISK)
                .toString());
      }
      for (SystemSpec.MappedDirectory mapped : orEmpty(storage.mappedDirectories())) {
        readable("create", id, mapped.hostPath());
      }
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** A file the host reads or attaches: an owner's image or one the service made. */
  void readable(String operation, String systemId, String path) {
    if (paths != null && path != null && !paths.insideAllowedRoots(of(operation, systemId, path))) {
      throw refused(
          operation, systemId, path, "is outside hcs.storage.root and hcs.storage.image-roots");
    }
  }

  /**
   * A file or folder the host creates, writes or deletes: inside the storage root (or the fleet's
   * shared root, for failover definitions), not it.
   */
  void writable(String operation, String systemId, String path) {
    if (paths == null || path == null) {
      return;
    }
    Path p = of(operation, systemId, path);
    if (!paths.insideOwnedRoots(p)) {
      throw refused(operation, systemId, path, "is outside hcs.storage.root");
    }
  }

  private static Path of(String operation, String systemId, String path) {
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw refused(operation, systemId, path, "is not a valid path on this host");
    }
  }

  private static HostException refused(String operation, String systemId, String path, String why) {
    Optional<Path> real;
    try {
      real = StoragePaths.realPath(Path.of(path));
    } catch (InvalidPathException e) {
      real = Optional.empty();
    }
    String shown =
        real.isPresent() && !real.get().toString().equals(path)
            ? path + " (real path " + real.get() + ")"
            : path;
    return new HostException.Rejected(
        operation, systemId, HResults.E_ACCESSDENIED, "refused " + shown + ": it " + why, null);
  }
}
