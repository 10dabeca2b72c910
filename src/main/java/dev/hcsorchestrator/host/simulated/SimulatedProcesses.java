package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.ProcessParameters;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The processes of simulated containers: create, terminate, signal, properties, close. */
final class SimulatedProcesses {

  private final SimulatedHostState host;
  private final SimulatorFaults faults;
  private final Map<String, Integer> execResults = new ConcurrentHashMap<>();

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
      boolean exec = s.processes.values().stream().anyMatch(p -> !p.exited());
      if (!exec) {
        s.processes.put(pid, new SimProcess(pid, image, false, 0));
        host.persist(fn, s);
        return pid;
      }
      // beside the workload: a command that runs to its end at once (docs/hcs-documents.md)
      int code = execResults.getOrDefault(systemId, 0);
      s.processes.put(pid, new SimProcess(pid, image, true, code));
      host.persist(fn, s);
      host.post(systemId, List.of(SimulatedHostState.processExited(systemId, pid, code)));
      return pid;
    }
  }

  /**
   * The exit code of every later process run beside a container's workload (an {@code Exec} health
   * check); 0 until set. Kept in memory only. Returns false if there is no such system.
   */
  boolean setExecResult(String systemId, int exitCode) {
    SimSystem s = host.systems.get(systemId);
    if (s == null || s.gone) {
      return false;
    }
    execResults.put(systemId, exitCode);
    return true;
  }

  void terminateProcess(String systemId, int processId, String options) {
    endProcess(
        "HcsTerminateProcess", systemId, processId, SimulatedComputeCore.EXIT_CODE_TERMINATED);
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

  String processStatus(String systemId, int processId) {
    String fn = "HcsGetProcessProperties"; // what the call would be on Windows
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
