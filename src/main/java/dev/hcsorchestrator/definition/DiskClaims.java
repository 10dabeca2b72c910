package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.StoragePaths;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A file attached writable (a disk named by {@code path} without {@code readOnly}) belongs to one
 * definition only: no other definition may attach it, as a disk, an ISO or a parent, and a
 * definition may not attach writable a file another one uses. Read-only uses may share a file.
 * Files are compared by their real location, links resolved.
 */
final class DiskClaims {

  /** One use of an owner-named file by the definition being checked. */
  record Use(Path realPath, String field, boolean writable) {}

  private final Function<String, List<StoredSpecs.Named>> othersThan;

  /** {@code othersThan}: the stored virtual machines other than the one of that name. */
  DiskClaims(Function<String, List<StoredSpecs.Named>> othersThan) {
    this.othersThan = othersThan;
  }

  /** Throws a 409 naming the other definition when {@code uses} collide with one of its. */
  void requireFree(String name, List<Use> uses) {
    if (uses.isEmpty()) {
      return;
    }
    for (StoredSpecs.Named other : othersThan.apply(name)) {
      VirtualMachineSpec vm = other.spec().virtualMachine();
      if (vm == null || vm.disks() == null) {
        continue;
      }
      for (DiskSpec disk : vm.disks()) {
        String theirs =
            disk.path() != null ? disk.path() : disk.iso() != null ? disk.iso() : disk.parent();
        boolean theirsWritable = disk.path() != null && !Boolean.TRUE.equals(disk.readOnly());
        Optional<Path> real = real(theirs);
        if (real.isEmpty()) {
          continue;
        }
        for (Use use : uses) {
          if ((use.writable() || theirsWritable) && use.realPath().equals(real.get())) {
            throw new DefinitionException.Conflict(
                use.field()
                    + ": "
                    + use.realPath()
                    + (theirsWritable
                        ? " is attached writable by definition '"
                        : " is used by definition '")
                    + other.name()
                    + "'"
                    + (use.writable() && !theirsWritable
                        ? "; attach it readOnly, or use a copy"
                        : "; a writable disk belongs to one definition only"));
          }
        }
      }
    }
  }

  private static Optional<Path> real(String path) {
    if (path == null) {
      return Optional.empty();
    }
    try {
      return StoragePaths.realPath(Path.of(path));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
