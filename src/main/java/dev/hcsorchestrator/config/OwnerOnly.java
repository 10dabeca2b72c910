package dev.hcsorchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders only the service account may use: POSIX mode 600/700, or on Windows an ACL with
 * one entry, full control for the owner (inherited entries dropped).
 */
public final class OwnerOnly {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /** Creates the file owner-only; fails if it exists. */
  public static void createFile(Path file) throws IOException {
    if (posix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } else {
      Files.createFile(file);
      restrictAcl(file);
    }
  }

  /** Creates the folder owner-only if it is missing (parents as usual). */
  public static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (posix(dir)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectory(dir);
      restrictAcl(dir);
    }
  }

  /**
   * Takes away every access but the owner's.
   *
   * @return whether anyone else had access before
   */
  public static boolean tighten(Path path) throws IOException {
    if (posix(path)) {
      Set<PosixFilePermission> current =
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      if (current.stream().noneMatch(OTHERS::contains)) {
        return false;
      }
      Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
      current.stream().filter(p -> !OTHERS.contains(p)).forEach(owner::add);
      Files.setPosixFilePermissions(path, owner);
      return true;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
    if (acl == null) {
      return false;
    }
    UserPrincipal owner = acl.getOwner();
    boolean others = acl.getAcl().stream().anyMatch(e -> !e.principal().equals(owner));
    if (others) {
      restrictAcl(path);
    }
    return others;
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Windows: one entry, full control for the owner; inherited entries no longer apply. */
  private static void restrictAcl(Path path) throws IOException {
    AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
    if (acl == null) {
      return;
    }
    acl.setAcl(
        List.of(
            AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(acl.getOwner())
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build()));
  }
}
