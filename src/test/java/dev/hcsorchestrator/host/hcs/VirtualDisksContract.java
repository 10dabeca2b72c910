package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What virtdisk.dll does, as seen through {@link VirtualDisks}: written once and run against the
 * simulated implementation, JNA over the C twin, and the real DLL ({@code -Pwindows-hcs}).
 */
public abstract class VirtualDisksContract {

  /** The implementation under test and what to check and close afterwards. */
  protected record Subject(VirtualDisks disks, AutoCloseable cleanup) {}

  protected abstract Subject create() throws Exception;

  private static final long ONE_GIB = 1L << 30;

  @TempDir protected Path dir;
  protected VirtualDisks disks;
  private AutoCloseable cleanup;

  @BeforeEach
  void setUpSubject() throws Exception {
    Subject subject = create();
    disks = subject.disks();
    cleanup = subject.cleanup();
  }

  @AfterEach
  void tearDownSubject() throws Exception {
    if (cleanup != null) {
      cleanup.close();
    }
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static int hresultOf(Runnable call) {
    try {
      call.run();
    } catch (HcsException e) {
      return HResults.normalize(e.hresult());
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void aNewDynamicDiskIsAFileThatOpensAsAVirtualDisk() {
    disks.createDynamicDisk(path("new.vhdx"), ONE_GIB);

    assertThat(dir.resolve("new.vhdx")).isRegularFile();
    assertThat(disks.parentPath(path("new.vhdx"))).isEmpty(); // it opens, without a parent
  }

  @Test
  void aDifferencingDiskOverAParentOpens() {
    disks.createDynamicDisk(path("base.vhdx"), ONE_GIB);

    disks.createDifferencingDisk(path("child.vhdx"), path("base.vhdx"));

    assertThat(dir.resolve("child.vhdx")).isRegularFile();
    assertThat(disks.parentPath(path("child.vhdx")).map(VirtualDisksContract::real))
        .contains(real(path("base.vhdx")));
  }

  @Test
  void aChainOfTwoParentsIsReportedParentByParent() {
    disks.createDynamicDisk(path("base.vhdx"), ONE_GIB);
    disks.createDifferencingDisk(path("checkpoint.avhdx"), path("base.vhdx"));
    disks.createDifferencingDisk(path("top.vhdx"), path("checkpoint.avhdx"));

    assertThat(disks.parentPath(path("top.vhdx")).map(VirtualDisksContract::real))
        .contains(real(path("checkpoint.avhdx")));
    assertThat(disks.parentPath(path("checkpoint.avhdx")).map(VirtualDisksContract::real))
        .contains(real(path("base.vhdx")));
    assertThat(disks.parentPath(path("base.vhdx"))).isEmpty();
  }

  @Test
  void aDifferencingDiskOverAVhdParentIsMadeWithTheParentsFormat() {
    disks.createDynamicDisk(path("legacy.vhd"), ONE_GIB);
    assertThat(VirtualDiskFormat.ofFile(path("legacy.vhd"))).isEqualTo(VirtualDiskFormat.VHD);

    disks.createDifferencingDisk(path("child.vhd"), path("legacy.vhd"));

    assertThat(VirtualDiskFormat.ofFile(path("child.vhd"))).isEqualTo(VirtualDiskFormat.VHD);
    assertThat(disks.parentPath(path("child.vhd")).map(VirtualDisksContract::real))
        .contains(real(path("legacy.vhd")));
  }

  @Test
  void theParentOfADiskWhoseParentIsGoneCannotBeRead() throws Exception {
    disks.createDynamicDisk(path("base.vhdx"), ONE_GIB);
    disks.createDifferencingDisk(path("child.vhdx"), path("base.vhdx"));
    Files.delete(dir.resolve("base.vhdx"));

    assertThat(hresultOf(() -> disks.parentPath(path("child.vhdx"))))
        .isIn(
            HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND,
            HResults.E_FILE_NOT_FOUND,
            HResults.E_PATH_NOT_FOUND);
  }

  /** The same file however Windows spells it back (long names, case). */
  private static String real(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void creatingOverAnExistingFileFailsWithFileExists() {
    disks.createDynamicDisk(path("taken.vhdx"), ONE_GIB);

    assertThat(hresultOf(() -> disks.createDynamicDisk(path("taken.vhdx"), ONE_GIB)))
        .isEqualTo(HResults.E_FILE_EXISTS);
  }

  @Test
  void creatingInAMissingFolderFailsWithPathNotFound() {
    String inMissing = dir.resolve("no-such-folder").resolve("disk.vhdx").toString();

    assertThat(hresultOf(() -> disks.createDynamicDisk(inMissing, ONE_GIB)))
        .isEqualTo(HResults.E_PATH_NOT_FOUND);
  }

  @Test
  void aSizeThatIsNotAMultipleOf512IsAnInvalidParameter() {
    assertThat(hresultOf(() -> disks.createDynamicDisk(path("odd.vhdx"), 1000)))
        .isEqualTo(HResults.E_INVALIDARG);
    assertThat(dir.resolve("odd.vhdx")).doesNotExist();
  }

  @Test
  void aDifferencingDiskOverAMissingParentFailsAsNotFound() {
    int hr =
        hresultOf(() -> disks.createDifferencingDisk(path("child.vhdx"), path("missing.vhdx")));

    assertThat(hr)
        .isIn(
            HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND,
            HResults.E_FILE_NOT_FOUND,
            HResults.E_PATH_NOT_FOUND);
    assertThat(dir.resolve("child.vhdx")).doesNotExist();
  }

  @Test
  void aParentThatIsNotAVirtualDiskIsRefusedByVirtdisk() throws Exception {
    Files.writeString(dir.resolve("notes.vhdx"), "not a disk", StandardCharsets.UTF_8);

    int hr = hresultOf(() -> disks.createDifferencingDisk(path("child.vhdx"), path("notes.vhdx")));

    assertThat(hr & 0xFFFF0000).as("a virtdisk code: 0x%08X", hr).isEqualTo(0xC03A0000);
  }

  @Test
  void openingAMissingDiskFailsWithFileNotFound() {
    assertThat(hresultOf(() -> disks.parentPath(path("absent.vhdx"))))
        .isEqualTo(HResults.E_FILE_NOT_FOUND);
  }
}
