package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.tree;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.ProcessParameters;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The processes of simulated containers: create, terminate, signal, properties, close. */
final class SimulatedProcesses {

  private final SimulatedHostState host;
  private final SimulatorFaults faults;

  SimulatedProcesses(SimulatedHostState host, SimulatorFaults faults) {
    this.host = host;
    this.faults = faults;
  }

  int createProcess(String systemId, String processParameters) {
    String fn = "HcsCreateProcess";
    faults.check("CreateProcess", fn);
    host.delay("createprocess");
    if (blank(processParameters)) {
      throw fail(fn, HResults.E_INVALIDARG, "ProcessParameters are required");
    }
    ProcessParameters params = parse(fn, processParameters, ProcessParameters.class, false);
    if (blank(params.commandLine()) && blank(params.applicationName())) {
      throw fail(fn, HResults.E_INVALIDARG, "CommandLine or ApplicationName is required");
    }
    SimSystem s = host.live(fn, systemId);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.type != SystemType.Container) {
        // A VM runs processes only through a guest agent, which a plain guest OS has not.
        throw fail(
            fn,
            HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
            "compute system " + systemId + " has no guest connection");
      }
      if (s.state != State.Running || s.stopping != null) {
        throw fail(
            fn, HResults.HCS_E_INVALID_STATE, "compute system " + systemId + " is " + s.state);
      }
      int pid = host.lastPid.addAndGet(4);
      String image =
          !blank(params.applicationName()) ? params.applicationName() : params.commandLine();
      s.processes.put(pid, new SimProcess(pid, image, false, 0));
      host.persist(fn, s);
      return pid;
    }
  }

  void terminateProcess(String systemId, int processId, String options) {
    endProcess(
        "HcsTerminateProcess", systemId, processId, SimulatedComputeCore.EXIT_CODE_TERMINATED);
  }

  void signalProcess(String systemId, int processId, String options) {
    String fn = "HcsSignalProcess";
    if (!blank(options)) {
      JsonNode node = tree(fn, options);
      JsonNode signal = node.get("Signal");
      boolean known =
          node.isObject()
              && node.size() == 1
              && signal != null
              && signal.isString()
              && List.of("CtrlC", "CtrlBreak", "CtrlClose", "CtrlLogOff", "CtrlShutdown")
                  .contains(signal.asString());
      if (!known) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "SignalProcessOptions: " + options);
      }
    }
    endProcess(fn, systemId, processId, SimulatedComputeCore.EXIT_CODE_SIGNALLED);
  }

  void endProcess(String fn, String systemId, int processId, int exitCode) {
    SimSystem s = host.live(fn, systemId);
    List<HcsEvent> events;
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      SimProcess p = s.processes.get(processId);
      if (p == null) {
        throw fail(fn, HResults.E_NOT_FOUND, "no process " + processId);
      }
      if (p.exited()) {
        throw fail(fn, HResults.HCS_E_PROCESS_ALREADY_STOPPED, "process " + processId + " exited");
      }
      s.processes.put(processId, new SimProcess(processId, p.image(), true, exitCode));
      host.persist(fn, s);
      events = List.of(SimulatedHostState.processExited(systemId, processId, exitCode));
    }
    host.post(systemId, events);
  }

  String getProcessProperties(String systemId, int processId, String propertyQuery) {
    String fn = "HcsGetProcessProperties";
    SimSystem s = host.live(fn, systemId);
    synchronized (s) {
      SimProcess p = s.processes.get(processId);
      if (p == null) {
        throw fail(fn, HResults.E_NOT_FOUND, "no process " + processId);
      }
      return HcsJson.write(p.status());
    }
  }

  void closeProcess(String systemId, int processId) {
    SimSystem s = host.systems.get(systemId);
    if (s == null) {
      return;
    }
    synchronized (s) {
      SimProcess p = s.processes.get(processId);
      if (p != null && p.exited()) {
        s.processes.remove(processId);
        if (!s.gone) {
          host.persist("HcsCloseProcess", s);
        }
      }
    }
  }
}
