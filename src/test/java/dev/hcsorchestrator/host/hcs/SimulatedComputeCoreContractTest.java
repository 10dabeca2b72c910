package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;

/** The computecore contract against the simulated implementation. */
class SimulatedComputeCoreContractTest extends ComputeCoreContract {

  @Override
  protected Subject create(Path stateDir) {
    SimulatedComputeCore sim =
        new SimulatedComputeCore(stateDir, new SimulatorFaults(), SimulatorSettings.none());
    HostControl control =
        new HostControl() {
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
        };
    return new Subject(sim, control, sim);
  }
}
