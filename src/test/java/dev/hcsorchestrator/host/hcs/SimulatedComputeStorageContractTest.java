package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;

/** The computestorage contract against the simulated storage. */
class SimulatedComputeStorageContractTest extends ComputeStorageContract {

  @Override
  protected Subject create(Path stateDir) {
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(new SimulatorFaults());
    return new Subject(new SimulatedComputeStorage(stateDir, disks), disks, () -> {});
  }
}
