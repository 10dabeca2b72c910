package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.quote;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What happens to the simulated host from outside this service: exits, pauses, other clients. */
final class SimulatedOutside {

  private final SimulatedHostState host;
  private final SimulatedProcesses processes;

  SimulatedOutside(SimulatedHostState host, SimulatedProcesses processes) {
    this.host = host;
    this.processes = processes;
  }

  /**
   * The system stops on its own: the guest shut down ({@code GracefulExit}), crashed ({@code
   * UnexpectedExit}) or an administrator killed it ({@code ForcedExit}). Returns false if there is
   * no such running system.
   */
  boolean exitFromOutside(String id, NotificationType exitType, int status) {
    SimSystem s = host.systems.get(id);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      if (s.gone) {
        return false;
      }
    }
    int effective =
        status != 0 || exitType != NotificationType.UnexpectedExit
            ? status
            : HResults.HCS_E_UNEXPECTED_EXIT;
    host.exit(s, exitType, effective);
    return true;
  }

  /**
   * The system stops on its own just as the next call of {@code operation} (a fault operation name
   * of a system transition) on it reaches the host. Returns false if there is no such system.
   */
  boolean exitAtNextCall(String id, String operation, NotificationType exitType) {
    if (!List.of("Start", "Shutdown", "Terminate", "Pause", "Resume", "Save").contains(operation)) {
      throw new IllegalArgumentException("not a system transition: " + operation);
    }
    SimSystem s = host.systems.get(id);
    if (s == null || s.gone) {
      return false;
    }
    host.racedExits.put(id, new SimulatedHostState.RacedExit(operation, exitType));
    return true;
  }

  /** The system is paused behind the service's back. Returns false if it is not running. */
  boolean pauseFromOutside(String id) {
    SimSystem s = host.systems.get(id);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      if (s.gone || s.state != State.Running) {
        return false;
      }
      s.state = State.Paused;
      host.persist("pause", s);
      return true;
    }
  }

  /** A running system that this service did not make appears, as another client would make it. */
  void addForeignSystem(String id, String owner, SystemType type) {
    String doc =
        type == SystemType.VirtualMachine
            ? "{\"Owner\":"
                + quote(owner)
                + ",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"VirtualMachine\":{\"ComputeTopology\":"
                + "{\"Memory\":{\"SizeInMB\":256},\"Processor\":{\"Count\":1}}}}"
            : "{\"Owner\":"
                + quote(owner)
                + ",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Container\":{\"Storage\":"
                + "{\"Path\":\"C:\\\\scratch\",\"Layers\":[{\"Id\":\"00000000-0000-0000-0000-000000000001\","
                + "\"Path\":\"C:\\\\layers\\\\base\"}]}}}";
    SimSystem s = new SimSystem(id, owner, type, UUID.randomUUID().toString(), doc);
    s.state = State.Running;
    if (host.systems.putIfAbsent(id, s) != null) {
      throw fail("addForeignSystem", HResults.HCS_E_SYSTEM_ALREADY_EXISTS, id + " exists");
    }
    synchronized (s) {
      host.persist("addForeignSystem", s);
    }
  }

  /** A process ends on its own with this exit code. Returns false if there is no such process. */
  boolean exitProcessFromOutside(String systemId, int processId, int exitCode) {
    try {
      processes.endProcess("exitProcess", systemId, processId, exitCode);
      return true;
    } catch (HcsException e) {
      return false;
    }
  }

  /** The host compute service restarts: every handle is dead, systems keep running. */
  void disconnectService() {
    host.open.clear();
    host.systems.values().removeIf(s -> s.gone);
    host.run(() -> host.deliver(new HcsEvent(HcsEvent.SERVICE_DISCONNECT, null, null, null)));
  }

  /** What the simulated host holds now, for debugging. */
  List<SimulatedComputeCore.SystemSnapshot> snapshot() {
    List<SimulatedComputeCore.SystemSnapshot> out = new ArrayList<>();
    for (SimSystem s : host.systems.values()) {
      synchronized (s) {
        if (!s.gone) {
          out.add(
              new SimulatedComputeCore.SystemSnapshot(
                  s.id,
                  s.owner,
                  s.type.name(),
                  s.state.name(),
                  s.runtimeId,
                  s.processes.values().stream()
                      .map(
                          p ->
                              new SimulatedComputeCore.ProcessSnapshot(
                                  p.pid(), p.image(), p.exited(), p.exitCode()))
                      .toList()));
        }
      }
    }
    out.sort(Comparator.comparing(SimulatedComputeCore.SystemSnapshot::id));
    return out;
  }
}
