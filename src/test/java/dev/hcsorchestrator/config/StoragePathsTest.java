package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real locations and confinement of derived file names. */
class StoragePathsTest {

  @TempDir Path dir;

  @Test
  void aDerivedFileLiesDirectlyInItsFolderOrIsRefused() {
    Path folder = dir.resolve("storage/6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11");
    assertThat(StoragePaths.within(folder, "os.vhdx")).isEqualTo(folder.resolve("os.vhdx"));
    for (String bad :
        List.of(
            "../os.vhdx", "../../x", "/etc/passwd", dir.toString(), "a/b.vhdx", "", ".", "..")) {
      assertThatThrownBy(() -> StoragePaths.within(folder, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theRealPathOfAMissingFileIsItsDeepestExistingAncestorsRealPathAndTheRest() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThat(StoragePaths.realPath(link.resolve("a/b.vhdx")))
        .contains(real.toRealPath().resolve("a/b.vhdx"));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertThat(StoragePaths.realPath(dangling.resolve("x"))).isEmpty();
  }

  @Test
  void insideMeansInsideARealRoot() throws Exception {
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path images = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(images.resolve("out"), outside);
    StoragePaths paths = new StoragePaths(storage, List.of(images));
    assertThat(paths.insideAllowedRoots(images.resolve("a.vhdx"))).isTrue();
    assertThat(paths.insideAllowedRoots(storage.resolve("x/y"))).isTrue();
    assertThat(paths.insideAllowedRoots(images.resolve("out/a.vhdx"))).isFalse();
    assertThat(paths.insideStorageRoot(images.resolve("a.vhdx"))).isFalse();
    // a sibling whose name starts like the root is not inside it
    assertThat(paths.insideAllowedRoots(dir.resolve("images-2/a.vhdx"))).isFalse();
  }
}
