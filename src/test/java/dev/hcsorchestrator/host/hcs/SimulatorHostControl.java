package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;

/** Events from outside the service, made by the simulator that answers both contract runs. */
record SimulatorHostControl(SimulatedComputeCore sim) implements ComputeCoreContract.HostControl {

  @Override
  public void guestShutdown(String systemId) {
    sim.exitFromOutside(systemId, NotificationType.GracefulExit, 0);
  }

  @Override
  public void crash(String systemId) {
    sim.exitFromOutside(systemId, NotificationType.UnexpectedExit, 0);
  }

  @Override
  public void exitProcess(String systemId, int processId, int exitCode) {
    sim.exitProcessFromOutside(systemId, processId, exitCode);
  }
}
