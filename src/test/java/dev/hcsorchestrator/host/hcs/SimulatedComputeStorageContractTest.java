package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The computestorage contract against the simulated storage, and what it refuses as Windows does
 * (or, where no public source says, refuses because a real host might).
 */
class SimulatedComputeStorageContractTest extends ComputeStorageContract {

  @Override
  protected Subject create(Path stateDir) {
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(new SimulatorFaults());
    return new Subject(new SimulatedComputeStorage(stateDir, disks), disks, () -> {});
  }

  @Test
  void aSecondFilterAttachOnAFilteredVolumeIsRefused() {
    String vhd = formattedDisk();
    String volume = storage.attachLayerVhd(vhd);
    storage.initializeWritableLayer(volume, layerData(), null);
    storage.attachLayerStorageFilter(volume, layerData());

    assertThatThrownBy(() -> storage.attachLayerStorageFilter(volume, layerData()))
        .isInstanceOfSatisfying(
            HcsException.class, e -> assertThat(e.hresult()).isEqualTo(HResults.E_ALREADY_EXISTS));
  }

  @Test
  void aDiskWhoseVolumeStillHasTheFilterIsNotDetached() {
    String vhd = formattedDisk();
    String volume = storage.attachLayerVhd(vhd);
    storage.initializeWritableLayer(volume, layerData(), null);
    storage.attachLayerStorageFilter(volume, layerData());

    assertThatThrownBy(() -> storage.detachLayerVhd(vhd)).isInstanceOf(HcsException.class);
    assertThat(storage.layerVhdMountPath(vhd)).isEqualTo(volume);
  }

  @Test
  void theSimulatorsLayerIdIsItsOwnVersionFiveGuidOfTheFolderNameNotWindows() {
    String id = storage.layerId("C:\\ProgramData\\docker\\windowsfilter\\4");

    assertThat(id)
        .isEqualTo(storage.layerId("/other/place/4/"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
        // Windows answers bd9c3ef9-f239-59b5-a27e-15c523b1d149 (WindowsComputeStorageContractTest)
        .isNotEqualTo("bd9c3ef9-f239-59b5-a27e-15c523b1d149");
  }
}
