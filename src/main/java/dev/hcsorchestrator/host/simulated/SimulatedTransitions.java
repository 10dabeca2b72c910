package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.reservedOptions;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.writeSavedState;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.PauseOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveType;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.nio.file.Path;

/**
 * The state machine of a simulated compute system, {@code Created → Running ⇄ Paused → Stopped}:
 * each transition checks the state it starts from, answers HCS's HRESULT when it may not happen,
 * and persists the new state; shut down and terminate end the system later, from the host's own
 * thread, as HCS sends the exit event.
 */
final class SimulatedTransitions {

  private final SimulatedHostState host;
  private final SimulatorFaults faults;
  private final SimulatedGrants grants;

  SimulatedTransitions(SimulatedHostState host, SimulatorFaults faults, SimulatedGrants grants) {
    this.host = host;
    this.faults = faults;
    this.grants = grants;
  }

  void startComputeSystem(String id, String options) {
    String fn = "HcsStartComputeSystem";
    faults.check("Start", fn);
    host.race("Start", id);
    host.delay("start");
    reservedOptions(fn, options);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.state != State.Created) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      // The worker process opens the VM's files when it starts: a revoked grant fails here.
      grants.requireGranted(fn, id, HcsJson.lenient(s.document(), ComputeSystem.class));
      s.state = State.Running;
      host.persist(fn, s);
    }
  }

  void shutDownComputeSystem(String id, String options) {
    String fn = "HcsShutDownComputeSystem";
    faults.check("Shutdown", fn);
    host.race("Shutdown", id);
    // reserved: the HcsShutDownComputeSystem page says NULL, and hcsshim passes none
    reservedOptions(fn, options);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.stopping != null) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system is stopping");
      }
      if (s.state != State.Running) {
        // A guest that is not running cannot be asked to shut down.
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      if (s.type == SystemType.VirtualMachine) {
        SimulatedChecks.requireShutdownService(fn, id, s.document());
      }
      s.stopping = NotificationType.GracefulExit;
    }
    host.later("shutdown", () -> host.exit(s, NotificationType.GracefulExit, 0));
  }

  void terminateComputeSystem(String id, String options) {
    String fn = "HcsTerminateComputeSystem";
    faults.check("Terminate", fn);
    host.race("Terminate", id);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.stopping == NotificationType.ForcedExit) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system is terminating");
      }
      s.stopping = NotificationType.ForcedExit;
    }
    host.later(
        "terminate", () -> host.exit(s, NotificationType.ForcedExit, HResults.HCS_E_TERMINATED));
  }

  void pauseComputeSystem(String id, String options) {
    String fn = "HcsPauseComputeSystem";
    faults.check("Pause", fn);
    host.race("Pause", id);
    host.delay("pause");
    if (!blank(options)) {
      parse(fn, options, PauseOptions.class, false);
    }
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.state != State.Running || s.stopping != null) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.state = State.Paused;
      host.persist(fn, s);
    }
  }

  void resumeComputeSystem(String id, String options) {
    String fn = "HcsResumeComputeSystem";
    faults.check("Resume", fn);
    host.race("Resume", id);
    host.delay("resume");
    reservedOptions(fn, options);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.state != State.Paused || s.stopping != null) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.state = State.Running;
      host.persist(fn, s);
    }
  }

  void saveComputeSystem(String id, String options) {
    String fn = "HcsSaveComputeSystem";
    faults.check("Save", fn);
    host.race("Save", id);
    host.delay("save");
    if (blank(options)) {
      throw fail(fn, HResults.E_INVALIDARG, "SaveOptions are required");
    }
    SaveOptions opts = parse(fn, options, SaveOptions.class, false);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.type != SystemType.VirtualMachine) {
        throw fail(
            fn, HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION, "only a VM can be saved");
      }
      if (s.state != State.Paused) {
        // HCS saves only a paused VM: pause first.
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      if (opts.saveType() == SaveType.AsTemplate) {
        s.state = State.SavedAsTemplate;
      } else {
        if (blank(opts.saveStateFilePath())) {
          throw fail(fn, HResults.E_INVALIDARG, "SaveStateFilePath is required for ToFile");
        }
        // the VM's worker process writes the file: only one granted to this system
        grants.requireGrantedFile(fn, id, opts.saveStateFilePath());
        writeSavedState(fn, Path.of(opts.saveStateFilePath()), s);
      }
      host.persist(fn, s);
    }
  }
}
