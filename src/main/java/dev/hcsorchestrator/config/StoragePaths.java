package dev.hcsorchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where files may be: {@code hcs.storage.root} (what the service makes) and {@code
 * hcs.storage.image-roots} (what owners name), both compared by their real location, links
 * resolved. The definition module checks owner-named paths with it at submit, the host layer again
 * right before a path leaves for the host, and the reconciler derives the files it makes inside a
 * definition's folder with {@link #within}.
 */
public final class StoragePaths {

  private final Path storageRoot;
  private final List<Path> imageRoots;
  // null: none configured
  private final Path sharedRoot;

  public StoragePaths(Path storageRoot, List<Path> imageRoots) {
    this(storageRoot, imageRoots, null, List.of());
  }

  /**
   * With the fleet's shared storage: files may also be named under {@code sharedRoots}, and the
   * service makes the files of failover definitions under {@code sharedRoot} (null: none).
   */
  public StoragePaths(
      Path storageRoot, List<Path> imageRoots, Path sharedRoot, List<Path> sharedRoots) {
    this.storageRoot = storageRoot.toAbsolutePath().normalize();
    List<Path> readable = new ArrayList<>(imageRoots);
    readable.addAll(sharedRoots);
    this.imageRoots = readable.stream().map(root -> root.toAbsolutePath().normalize()).toList();
    this.sharedRoot = sharedRoot == null ? null : sharedRoot.toAbsolutePath().normalize();
  }

  public static StoragePaths of(HcsProperties properties) {
    return new StoragePaths(properties.storageRoot(), properties.storage().imageRoots());
  }

  /** With the fleet's shared storage; {@code shared} null: none. */
  public static StoragePaths of(HcsProperties properties, SharedStorageProperties shared) {
    if (shared == null) {
      return of(properties);
    }
    return new StoragePaths(
        properties.storageRoot(),
        properties.storage().imageRoots(),
        shared.sharedRoot(),
        shared.sharedRoots());
  }

  /**
   * Where the service makes files: the storage root and, when set, {@code hcs.storage.shared-root}
   * (absolute and normalised).
   */
  public List<Path> ownedRoots() {
    return sharedRoot == null ? List.of(storageRoot) : List.of(storageRoot, sharedRoot);
  }

  /** {@code hcs.storage.root}, absolute and normalised (not resolved). */
  public Path storageRoot() {
    return storageRoot;
  }

  /** The storage root and every image root, absolute and normalised (not resolved). */
  public List<Path> allowedRoots() {
    List<Path> all = new ArrayList<>(imageRoots.size() + 2);
    all.add(storageRoot);
    if (sharedRoot != null) {
      all.add(sharedRoot);
    }
    all.addAll(imageRoots);
    return all;
  }

  /**
   * The real location of {@code path}: every link resolved. For a path that does not exist (yet),
   * the real location of its deepest existing ancestor followed by the rest. Empty when a link on
   * the way points at nothing or the file system cannot answer: such a path is nowhere allowed.
   */
  public static Optional<Path> realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.of(absolute);
    }
    try {
      Path real = existing.toRealPath();
      return Optional.of(real.resolve(existing.relativize(absolute)).normalize());
    } catch (IOException | SecurityException e) {
      // a dangling link, a loop, or no right to look: not provably inside anything
      return Optional.empty();
    }
  }

  /** Whether the real location of {@code path} lies inside a real allowed root. */
  public boolean insideAllowedRoots(Path path) {
    return realPath(path).map(real -> insideAny(real, allowedRoots())).orElse(false);
  }

  /** Whether the real location of {@code path} lies inside the real storage root. */
  public boolean insideStorageRoot(Path path) {
    return realPath(path).map(real -> insideAny(real, List.of(storageRoot))).orElse(false);
  }

  /**
   * Whether the real location of {@code path} lies strictly inside a real owned root (the storage
   * root or the shared root), not being one: where the service may write.
   */
  public boolean insideOwnedRoots(Path path) {
    Optional<Path> real = realPath(path);
    if (real.isEmpty()) {
      return false;
    }
    for (Path root : ownedRoots()) {
      Path r = realPath(root).orElse(root);
      if (real.get().startsWith(r) && !real.get().equals(r)) {
        return true;
      }
    }
    return false;
  }

  /** The real storage root (or its lexical form when it cannot be resolved). */
  public Path realStorageRoot() {
    return realPath(storageRoot).orElse(storageRoot);
  }

  private static boolean insideAny(Path real, List<Path> roots) {
    for (Path root : roots) {
      Optional<Path> realRoot = realPath(root);
      if (realRoot.isPresent() && real.startsWith(realRoot.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code folder} resolved with {@code relative}, checked after normalisation: throws when the
   * result is not strictly inside {@code folder} (an absolute {@code relative}, a {@code ..}, a
   * drive or root on Windows).
   */
  public static Path within(Path folder, String relative) {
    Path base = folder.toAbsolutePath().normalize();
    Path child;
    try {
      child = base.resolve(relative).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("'" + relative + "' is not a valid file name here", e);
    }
    if (!child.startsWith(base) || child.equals(base) || !base.equals(child.getParent())) {
      throw new IllegalArgumentException(
          "'" + relative + "' leads out of " + base + " (to " + child + ")");
    }
    return child;
  }
}
