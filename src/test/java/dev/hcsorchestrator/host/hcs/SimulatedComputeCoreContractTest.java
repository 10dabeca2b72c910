package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;

/** The computecore contract against the simulated implementation. */
class SimulatedComputeCoreContractTest extends ComputeCoreContract {

  @Override
  protected Subject create(Path stateDir) {
    SimulatedComputeCore sim =
        new SimulatedComputeCore(
            stateDir, new SimulatorFaults(), SimulatorSettings.withoutGrantChecks());
    HostControl control = new SimulatorHostControl(sim);
    return new Subject(sim, control, sim);
  }
}
