package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.StoragePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A file attached writable (a disk named by {@code path} without {@code readOnly}) belongs to one
 * definition only: no other definition may attach it, as a disk, an ISO or a parent, and a
 * definition may not attach writable a file another one uses. Read-only uses may share a file.
 *
 * <p>Files are compared by identity, not by name: by their real location (links resolved) and by
 * the file system's key of the file, so a hard link or any other alias of a claimed file is the
 * same disk. The claims of the stored definitions are kept in an index (read from the store once,
 * then kept up to date by every write), so that a check is a lookup per use and reads no stored
 * spec; the index is only touched under the serial write lock, and read again from the store when a
 * write rolled back or another host wrote ({@link SerialWrites}). A claim of a definition the
 * reconciler has since removed is dropped when it is found in the way.
 */
final class DiskClaims {

  /**
   * One use of an owner-named file by the definition being checked: where it really is, its
   * identity ({@link #identity}), the field and the path as the owner wrote it.
   */
  record Use(Path realPath, Object identity, String field, String written, boolean writable) {

    /** A use of the file at {@code realPath}; reads its attributes (do it before any lock). */
    static Use of(Path realPath, String field, String written, boolean writable) {
      return new Use(realPath, DiskClaims.identity(realPath), field, written, writable);
    }
  }

  /** A stored definition's use of a file. */
  private record Claim(String owner, Path realPath, Object identity, boolean writable) {}

  /**
   * Where the file system has no file key (Windows reports none), the attributes every alias of a
   * file shares; two files that merely agree on them are told apart by {@link Files#isSameFile}.
   */
  private record Stamp(long size, FileTime created, FileTime modified) {}

  private final Supplier<List<StoredSpecs.Named>> stored;
  private final Predicate<String> stillStored;
  private Map<Object, List<Claim>> byIdentity;
  private Map<Path, List<Claim>> byPath;
  private final Map<String, List<Claim>> byOwner = new HashMap<>();

  /**
   * @param stored every stored virtual machine's spec, read once to build the index
   * @param stillStored whether a definition of that name is still stored
   */
  DiskClaims(Supplier<List<StoredSpecs.Named>> stored, Predicate<String> stillStored) {
    this.stored = stored;
    this.stillStored = stillStored;
  }

  /**
   * The identity of the file at {@code real}: its file key, else its {@link Stamp}; a file that
   * does not exist (yet) is known by its real location alone.
   */
  static Object identity(Path real) {
    try {
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      Object key = a.fileKey();
      return key != null ? key : new Stamp(a.size(), a.creationTime(), a.lastModifiedTime());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return real;
    }
  }

  /** Throws a 409 naming the other definition when {@code uses} collide with one of its. */
  synchronized void requireFree(String name, List<Use> uses) {
    if (uses.isEmpty()) {
      return;
    }
    load();
    for (Use use : uses) {
      for (Claim theirs : candidates(use)) {
        if (theirs.owner().equals(name)
            || !(use.writable() || theirs.writable())
            || !same(use, theirs)) {
          continue;
        }
        if (!stillStored.test(theirs.owner())) {
          forget(theirs.owner()); // removed by the reconciler since
          continue;
        }
        throw new DefinitionException.Conflict(
            use.field()
                + ": "
                + use.written()
                + (theirs.writable()
                    ? " is attached writable by definition '"
                    : " is used by definition '")
                + theirs.owner()
                + "'"
                + (use.writable() && !theirs.writable()
                    ? "; attach it readOnly, or use a copy"
                    : "; a writable disk belongs to one definition only"));
      }
    }
  }

  /**
   * {@code name} now uses exactly {@code uses}: call in its write's transaction, and {@link #reset}
   * when that rolls back.
   */
  synchronized void record(String name, List<Use> uses) {
    if (byIdentity == null) {
      return; // not loaded yet: the load reads the write
    }
    forget(name);
    for (Use use : uses) {
      add(new Claim(name, use.realPath(), use.identity(), use.writable()));
    }
  }

  /** Forgets every claim: the next check reads them again from the store. */
  synchronized void reset() {
    byIdentity = null;
    byPath = null;
    byOwner.clear();
  }

  private void load() {
    if (byIdentity != null) {
      return;
    }
    byIdentity = new HashMap<>();
    byPath = new HashMap<>();
    for (StoredSpecs.Named other : stored.get()) {
      VirtualMachineSpec vm = other.spec().virtualMachine();
      if (vm == null || vm.disks() == null) {
        continue;
      }
      for (DiskSpec disk : vm.disks()) {
        String theirs =
            disk.path() != null ? disk.path() : disk.iso() != null ? disk.iso() : disk.parent();
        boolean writable = disk.path() != null && !Boolean.TRUE.equals(disk.readOnly());
        real(theirs)
            .ifPresent(real -> add(new Claim(other.name(), real, identity(real), writable)));
      }
    }
  }

  private void add(Claim claim) {
    byIdentity.computeIfAbsent(claim.identity(), k -> new ArrayList<>()).add(claim);
    byPath.computeIfAbsent(claim.realPath(), k -> new ArrayList<>()).add(claim);
    byOwner.computeIfAbsent(claim.owner(), k -> new ArrayList<>()).add(claim);
  }

  private void forget(String owner) {
    List<Claim> claims = byOwner.remove(owner);
    if (claims == null) {
      return;
    }
    for (Claim claim : claims) {
      remove(byIdentity, claim.identity(), claim);
      remove(byPath, claim.realPath(), claim);
    }
  }

  private static <K> void remove(Map<K, List<Claim>> index, K key, Claim claim) {
    List<Claim> list = index.get(key);
    if (list != null) {
      list.remove(claim);
      if (list.isEmpty()) {
        index.remove(key);
      }
    }
  }

  private Set<Claim> candidates(Use use) {
    Set<Claim> found = new LinkedHashSet<>(byPath.getOrDefault(use.realPath(), List.of()));
    found.addAll(byIdentity.getOrDefault(use.identity(), List.of()));
    return found;
  }

  /** One file: the same place, the same file key, or a matching stamp the file system confirms. */
  private static boolean same(Use use, Claim theirs) {
    if (use.realPath().equals(theirs.realPath())) {
      return true;
    }
    if (!use.identity().equals(theirs.identity())) {
      return false;
    }
    if (!(use.identity() instanceof Stamp)) {
      return true;
    }
    try {
      return Files.isSameFile(use.realPath(), theirs.realPath());
    } catch (IOException | SecurityException e) {
      return true; // cannot tell two look-alikes apart: refusing is the safe side
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
