package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What computestorage.dll (with virtdisk's attach) does for a container's writable layer, as seen
 * through {@link ComputeStorage}: written once and run against the simulated storage, JNA over the
 * C twin and (with {@code -Pwindows-hcs}) the real DLLs.
 */
public abstract class ComputeStorageContract {

  /** The implementation, how to make an empty VHDX, and what to close afterwards. */
  protected record Subject(ComputeStorage storage, VirtualDisks disks, AutoCloseable cleanup) {}

  protected abstract Subject create(Path stateDir) throws Exception;

  @TempDir protected Path dir;
  protected ComputeStorage storage;
  private VirtualDisks disks;
  private AutoCloseable cleanup;
  private Path base;

  @BeforeEach
  void setUp() throws Exception {
    Subject s = create(dir.resolve("state"));
    storage = s.storage();
    disks = s.disks();
    cleanup = s.cleanup();
    base = Files.createDirectories(dir.resolve("layers/base-layer"));
  }

  @AfterEach
  void tearDown() throws Exception {
    cleanup.close();
  }

  protected String layerData() {
    return "{\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Layers\":[{\"Id\":\""
        + storage.layerId(base.toString())
        + "\",\"Path\":"
        + quoted(base.toString())
        + ",\"PathType\":\"AbsolutePath\"}]}";
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\") + "\"";
  }

  protected String formattedDisk() {
    String vhd = dir.resolve("scratch/scratch.vhdx").toString();
    try {
      Files.createDirectories(dir.resolve("scratch"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    disks.createDynamicDisk(vhd, 1L << 30);
    storage.formatWritableLayerVhd(vhd);
    return vhd;
  }

  @Test
  void aFormattedDiskAttachesAsAVolumeWhoseMountPathStays() {
    String vhd = formattedDisk();

    String volume = storage.attachLayerVhd(vhd);

    assertThat(volume).startsWith("\\\\?\\Volume{").endsWith("}\\");
    assertThat(storage.layerVhdMountPath(vhd)).isEqualTo(volume);
    storage.detachLayerVhd(vhd);
  }

  @Test
  void theVolumeIsInitializedOverTheLayersAndTakesAndGivesBackTheFilter() {
    String vhd = formattedDisk();
    String volume = storage.attachLayerVhd(vhd);

    storage.initializeWritableLayer(volume, layerData(), null);
    storage.attachLayerStorageFilter(volume, layerData());
    storage.detachLayerStorageFilter(volume);
    storage.detachLayerVhd(vhd);

    assertThatThrownBy(() -> storage.layerVhdMountPath(vhd)).isInstanceOf(HcsException.class);
  }

  @Test
  void aLayerFolderThatDoesNotExistIsRefused() {
    String vhd = formattedDisk();
    String volume = storage.attachLayerVhd(vhd);
    String missing = dir.resolve("layers/not-there").toString();
    String data =
        "{\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Layers\":[{\"Id\":\""
            + storage.layerId(missing)
            + "\",\"Path\":"
            + quoted(missing)
            + ",\"PathType\":\"AbsolutePath\"}]}";

    try {
      assertThatThrownBy(() -> storage.initializeWritableLayer(volume, data, null))
          .isInstanceOf(HcsException.class);
    } finally {
      storage.detachLayerVhd(vhd);
    }
  }

  @Test
  void aDiskThatIsNotThereCannotBeFormattedNorAttached() {
    String missing = dir.resolve("nothing.vhdx").toString();

    assertThatThrownBy(() -> storage.formatWritableLayerVhd(missing))
        .isInstanceOf(HcsException.class);
    assertThatThrownBy(() -> storage.attachLayerVhd(missing)).isInstanceOf(HcsException.class);
  }

  @Test
  void aLayerIdIsTheSameForTheSameFolderNameAndDiffersBetweenFolders() {
    assertThat(storage.layerId(base.toString()))
        .isEqualTo(storage.layerId(dir.resolve("elsewhere/base-layer").toString()))
        .isNotEqualTo(storage.layerId(dir.resolve("layers/app-layer").toString()))
        .matches("[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}");
  }
}
