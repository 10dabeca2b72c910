package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;

/** The virtdisk contract against the simulated implementation. */
class SimulatedVirtualDisksContractTest extends VirtualDisksContract {

  @Override
  protected Subject create() {
    return new Subject(new SimulatedVirtualDisks(new SimulatorFaults()), null);
  }
}
