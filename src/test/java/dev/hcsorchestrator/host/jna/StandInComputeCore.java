package dev.hcsorchestrator.host.jna;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * TEMPORARY backend for the twin until the simulated implementation is merged: the smallest state
 * machine the native path's own tests need. Replaced by SimulatedComputeCore.
 */
final class StandInComputeCore implements ComputeCore {

  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Boolean>> processes = new ConcurrentHashMap<>();
  private final AtomicInteger pids = new AtomicInteger(100);
  private final ExecutorService events = Executors.newSingleThreadExecutor();
  private volatile HcsEventListener listener = e -> {};

  private static HcsException error(String op, int hr) {
    return new HcsException(
        op,
        hr,
        null,
        "{\"Error\":" + hr + ",\"ErrorMessage\":\"" + HResults.name(hr) + " in " + op + "\"}");
  }

  private String state(String op, String id) {
    String state = states.get(id);
    if (state == null) {
      throw error(op, HResults.HCS_E_SYSTEM_NOT_FOUND);
    }
    return state;
  }

  private void transition(String op, String id, String from, String to) {
    if (!from.equals(state(op, id))) {
      throw error(op, HResults.HCS_E_INVALID_STATE);
    }
    states.put(id, to);
  }

  private void exit(String id, String type) {
    states.remove(id);
    processes.remove(id);
    events.execute(
        () ->
            listener.onEvent(
                new HcsEvent(
                    HcsEvent.SYSTEM_EXITED,
                    id,
                    null,
                    "{\"Status\":0,\"ExitType\":\"" + type + "\"}")));
  }

  @Override
  public void createComputeSystem(String id, String configuration) {
    if (!configuration.trim().startsWith("{") || !configuration.trim().endsWith("}")) {
      throw error("create", HResults.HCS_E_INVALID_JSON);
    }
    if (states.putIfAbsent(id, "Created") != null) {
      throw error("create", HResults.HCS_E_SYSTEM_ALREADY_EXISTS);
    }
  }

  @Override
  public void openComputeSystem(String id) {
    state("open", id);
  }

  @Override
  public void closeComputeSystem(String id) {}

  @Override
  public void startComputeSystem(String id, String options) {
    transition("start", id, "Created", "Running");
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    if (!"Running".equals(state("shutdown", id))) {
      throw error("shutdown", HResults.HCS_E_SYSTEM_ALREADY_STOPPED);
    }
    exit(id, "GracefulExit");
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    state("terminate", id);
    exit(id, "ForcedExit");
  }

  @Override
  public void pauseComputeSystem(String id, String options) {
    transition("pause", id, "Running", "Paused");
  }

  @Override
  public void resumeComputeSystem(String id, String options) {
    transition("resume", id, "Paused", "Running");
  }

  @Override
  public void saveComputeSystem(String id, String options) {
    state("save", id);
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    return "{\"Id\":\"" + id + "\",\"State\":\"" + state("properties", id) + "\"}";
  }

  @Override
  public void modifyComputeSystem(String id, String configuration) {
    state("modify", id);
  }

  @Override
  public String enumerateComputeSystems(String query) {
    return states.entrySet().stream()
        .map(e -> "{\"Id\":\"" + e.getKey() + "\",\"State\":\"" + e.getValue() + "\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Override
  public int createProcess(String systemId, String processParameters) {
    if (!"Running".equals(state("createProcess", systemId))) {
      throw error("createProcess", HResults.HCS_E_INVALID_STATE);
    }
    int pid = pids.incrementAndGet();
    processes.computeIfAbsent(systemId, k -> new ConcurrentHashMap<>()).put(pid, false);
    return pid;
  }

  private Map<Integer, Boolean> process(String op, String systemId, int pid) {
    Map<Integer, Boolean> all = processes.get(systemId);
    if (all == null || !all.containsKey(pid)) {
      throw error(op, HResults.E_NOT_FOUND);
    }
    return all;
  }

  @Override
  public void terminateProcess(String systemId, int processId, String options) {
    Map<Integer, Boolean> all = process("terminateProcess", systemId, processId);
    if (all.put(processId, true)) {
      throw error("terminateProcess", HResults.HCS_E_PROCESS_ALREADY_STOPPED);
    }
    events.execute(
        () ->
            listener.onEvent(
                new HcsEvent(
                    HcsEvent.PROCESS_EXITED,
                    systemId,
                    processId,
                    "{\"ProcessId\":" + processId + ",\"Exited\":true,\"ExitCode\":1}")));
  }

  @Override
  public void signalProcess(String systemId, int processId, String options) {
    process("signalProcess", systemId, processId);
  }

  @Override
  public String getProcessProperties(String systemId, int processId, String propertyQuery) {
    boolean exited = process("processProperties", systemId, processId).get(processId);
    return "{\"ProcessId\":" + processId + ",\"Exited\":" + exited + "}";
  }

  @Override
  public void closeProcess(String systemId, int processId) {}

  @Override
  public String getServiceProperties(String propertyQuery) {
    return "{\"Properties\":[{\"SupportedSchemaVersions\":[{\"Major\":2,\"Minor\":1}]}]}";
  }

  @Override
  public void grantVmAccess(String vmId, String filePath) {}

  @Override
  public void revokeVmAccess(String vmId, String filePath) {}

  @Override
  public void createEmptyGuestStateFile(String path) {}

  @Override
  public void createEmptyRuntimeStateFile(String path) {}

  @Override
  public void setEventListener(HcsEventListener listener) {
    this.listener = listener == null ? e -> {} : listener;
  }
}
