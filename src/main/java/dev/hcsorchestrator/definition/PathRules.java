package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.StoragePaths;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Owner-named paths ({@code parent}, {@code path}, {@code iso}, {@code layers}, {@code hostPath}):
 * absolute, no {@code ..} segment, inside {@code hcs.storage.root} or an image root both as written
 * and by their real location (links resolved), and never inside a definition's own folder under the
 * storage root (that folder holds what the service made for that definition).
 */
final class PathRules {

  private static final Pattern DEFINITION_FOLDER =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final StoragePaths paths;
  private final Path dataDir;

  /**
   * @param dataDir {@code hcs.data-dir}: its database, token and simulator files are no owner's to
   *     name, even under an image root configured around them
   */
  PathRules(StoragePaths paths, Path dataDir) {
    this.paths = paths;
    this.dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The file kinds a disk may name, by the extension virtdisk and HCS go by. */
  enum FileKind {
    ANY(),
    /**
     * A folder mapped into a container: never the storage root or the data directory, nor a folder
     * inside or around one of them (the container would see other definitions' files).
     */
    MAPPED_FOLDER(),
    VIRTUAL_DISK(".vhdx", ".vhd", ".avhdx"),
    ISO(".iso");

    private final String[] extensions;

    FileKind(String... extensions) {
      this.extensions = extensions;
    }

    boolean accepts(String value) {
      String lower = value.toLowerCase(Locale.ROOT);
      for (String extension : extensions) {
        if (lower.endsWith(extension)) {
          return true;
        }
      }
      return extensions.length == 0;
    }

    String describe() {
      return String.join(", ", extensions);
    }
  }

  /**
   * Checks {@code value}; returns its real location when every rule holds, so callers can compare
   * two paths by where they really lead.
   */
  Optional<Path> check(FieldErrors e, String field, String value, FileKind kind) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() > SpecRules.MAX_PATH || StringRules.unclean(value) != null) {
      // unclean strings are reported once, by the string walk; an overlong one here
      if (value.length() > SpecRules.MAX_PATH) {
        e.add(field, "must be at most " + SpecRules.MAX_PATH + " characters");
      }
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException ex) {
      e.add(field, "is not a valid path on this host");
      return Optional.empty();
    }
    if (!path.isAbsolute()) {
      e.add(field, "must be an absolute path");
      return Optional.empty();
    }
    for (Path segment : path) {
      if (segment.toString().equals("..")) {
        e.add(field, "must not contain a '..' segment");
        return Optional.empty();
      }
    }
    Path normalized = path.normalize();
    if (paths.allowedRoots().stream().noneMatch(normalized::startsWith)) {
      e.add(field, "must lie inside hcs.storage.root or one of hcs.storage.image-roots");
      return Optional.empty();
    }
    Optional<Path> real = StoragePaths.realPath(normalized);
    if (real.isEmpty()) {
      e.add(field, "leads through a link that points nowhere, or cannot be resolved");
      return Optional.empty();
    }
    if (!paths.insideAllowedRoots(real.get())) {
      // where the link leads is not the client's to learn
      e.add(field, "leads outside hcs.storage.root and hcs.storage.image-roots through a link");
      return Optional.empty();
    }
    if (kind == FileKind.MAPPED_FOLDER && !mappable(e, field, real.get())) {
      return Optional.empty();
    }
    if (inDataDir(real.get())) {
      e.add(field, "must not lie in hcs.data-dir outside hcs.storage.root");
      return Optional.empty();
    }
    if (inDefinitionFolder(real.get())) {
      e.add(field, "must not lie in a definition's own folder under hcs.storage.root");
      return Optional.empty();
    }
    if (!kind.accepts(value)) {
      e.add(field, "must name a file ending in " + kind.describe());
      return Optional.empty();
    }
    return real;
  }

  private boolean mappable(FieldErrors e, String field, Path real) {
    Path root = paths.realStorageRoot();
    if (real.startsWith(root) || root.startsWith(real)) {
      e.add(field, "must not be, contain or lie inside hcs.storage.root");
      return false;
    }
    Path data = StoragePaths.realPath(dataDir).orElse(dataDir);
    if (real.startsWith(data) || data.startsWith(real)) {
      e.add(field, "must not be, contain or lie inside hcs.data-dir");
      return false;
    }
    return true;
  }

  private boolean inDataDir(Path real) {
    Path data = StoragePaths.realPath(dataDir).orElse(dataDir);
    return real.startsWith(data) && !real.startsWith(paths.realStorageRoot());
  }

  /** Inside {@code <storage root>/<definition id>/}: files the service made for a definition. */
  private boolean inDefinitionFolder(Path real) {
    for (Path owned : paths.ownedRoots()) {
      Path root = StoragePaths.realPath(owned).orElse(owned);
      if (real.startsWith(root)
          && !real.equals(root)
          && DEFINITION_FOLDER.matcher(root.relativize(real).getName(0).toString()).matches()) {
        return true;
      }
    }
    return false;
  }
}
