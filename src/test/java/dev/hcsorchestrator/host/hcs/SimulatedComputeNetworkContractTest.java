package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;

/** The computenetwork contract against the simulated HCN. */
class SimulatedComputeNetworkContractTest extends ComputeNetworkContract {

  @Override
  protected Subject create(Path stateDir) {
    return new Subject(new SimulatedComputeNetwork(stateDir, new SimulatorFaults()), () -> {});
  }
}
