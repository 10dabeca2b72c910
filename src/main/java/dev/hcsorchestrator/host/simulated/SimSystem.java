package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.ProcessDetails;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One compute system; guarded by its own monitor. */
final class SimSystem {
  final String id;
  final String owner;
  final SystemType type;
  final String runtimeId;
  final String document;
  final Map<Integer, SimProcess> processes = new LinkedHashMap<>();
  State state = State.Created;
  NotificationType stopping;
  NotificationType exitType;
  // Read without the monitor by lookups that only route the call.
  volatile boolean gone;

  SimSystem(String id, String owner, SystemType type, String runtimeId, String document) {
    this.id = id;
    this.owner = owner;
    this.type = type;
    this.runtimeId = runtimeId;
    this.document = document;
  }

  static SimSystem from(SimulatorStore.SystemRecord r) {
    SimSystem s = new SimSystem(r.id(), r.owner(), r.type(), r.runtimeId(), r.document());
    s.state = r.state();
    if (r.processes() != null) {
      r.processes()
          .forEach(
              p ->
                  s.processes.put(
                      p.pid(), new SimProcess(p.pid(), p.image(), p.exited(), p.exitCode())));
    }
    return s;
  }

  SimulatorStore.SystemRecord toRecord() {
    return new SimulatorStore.SystemRecord(
        id,
        owner,
        type,
        runtimeId,
        state,
        document,
        processes.values().stream()
            .map(
                p -> new SimulatorStore.ProcessRecord(p.pid(), p.image(), p.exited(), p.exitCode()))
            .toList());
  }

  Properties properties(boolean withProcesses) {
    if (gone) {
      return new Properties(id, type, null, owner, runtimeId, null, true, exitType, null);
    }
    List<ProcessDetails> list =
        withProcesses
            ? processes.values().stream()
                .filter(p -> !p.exited())
                .map(p -> new ProcessDetails((long) p.pid(), p.image()))
                .toList()
            : null;
    return new Properties(id, type, null, owner, runtimeId, state, null, null, list);
  }
}
