package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.BasicInformation;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.PauseOptions;
import dev.hcsorchestrator.host.hcs.schema.ProcessDetails;
import dev.hcsorchestrator.host.hcs.schema.ProcessParameters;
import dev.hcsorchestrator.host.hcs.schema.ProcessStatus;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.PropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.ResultError;
import dev.hcsorchestrator.host.hcs.schema.SaveOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveType;
import dev.hcsorchestrator.host.hcs.schema.ServiceProperties;
import dev.hcsorchestrator.host.hcs.schema.ServicePropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemExitStatus;
import dev.hcsorchestrator.host.hcs.schema.SystemPropertyType;
import dev.hcsorchestrator.host.hcs.schema.SystemQuery;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import dev.hcsorchestrator.host.hcs.schema.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * computecore.dll in Java: the one source of HCS semantics for every run off Windows and for the C
 * twin of the DLL. It checks each document as HCS does, follows the state machine {@code Created →
 * Running ⇄ Paused → Stopped} (a stopped system is gone), answers HCS's HRESULTs, sends exit events
 * from its own thread, keeps its systems under a directory so they outlive a restart of the
 * service, and takes injected faults and per-operation latencies.
 *
 * <p>After a system stops, an instance that still holds it open keeps a tombstone until {@link
 * #closeComputeSystem}: properties then answer {@code Stopped:true} with the {@code ExitType} and
 * no {@code State}, and every other call {@code HCS_E_SYSTEM_ALREADY_STOPPED}, as HCS does for a
 * handle to an exited system. Without a handle the id is simply unknown: {@code
 * HCS_E_SYSTEM_NOT_FOUND}.
 */
public final class SimulatedComputeCore implements ComputeCore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedComputeCore.class);

  /** The schema versions this simulator understands, as HcsGetServiceProperties reports them. */
  public static final Version SUPPORTED_SCHEMA = new Version(2, 1);

  /** Exit code of a process that ends because its system stopped (ERROR_PROCESS_ABORTED). */
  public static final int EXIT_CODE_SYSTEM_STOPPED = 1067;

  /** Exit code of a process ended by HcsTerminateProcess. */
  public static final int EXIT_CODE_TERMINATED = 1;

  /** Exit code of a process ended by a console signal (STATUS_CONTROL_C_EXIT). */
  public static final int EXIT_CODE_SIGNALLED = 0xC000013A;

  private static final String GUID = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
  private static final String MAC = "^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$";

  private final SimulatorStore store;
  private final SimulatorFaults faults;
  private final Map<String, Duration> latency;
  private final Map<String, SimSystem> systems = new ConcurrentHashMap<>();
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger lastPid = new AtomicInteger(1000);
  private final ScheduledExecutorService worker;
  private volatile ContainerStorageCheck containerStorage = ContainerStorageCheck.ANY;
  private volatile HcsEventListener listener;

  /**
   * @param stateDir where the systems are kept ({@code ${hcs.data-dir}/simulator/systems})
   */
  public SimulatedComputeCore(Path stateDir, SimulatorFaults faults, SimulatorSettings settings) {
    this.store = new SimulatorStore(stateDir);
    this.faults = faults;
    this.latency = settings.latency();
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hcs-simulator");
              t.setDaemon(true);
              return t;
            });
    for (SimulatorStore.SystemRecord rec : store.loadSystems()) {
      SimSystem s = SimSystem.from(rec);
      systems.put(s.id, s);
      s.processes.keySet().forEach(pid -> lastPid.accumulateAndGet(pid, Math::max));
    }
    if (!systems.isEmpty()) {
      log.info("Simulated host: {} compute systems restored from {}", systems.size(), stateDir);
    }
  }

  // ---------------------------------------------------------------- systems

  @Override
  public void createComputeSystem(String id, String configuration) {
    String fn = "HcsCreateComputeSystem";
    faults.check("Create", fn);
    delay("create");
    requireId(fn, id);
    ComputeSystem doc = parse(fn, configuration, ComputeSystem.class, true);
    checkDocument(fn, doc);
    if (doc.container() != null) {
      containerStorage.check(fn, doc.container().storage().path());
    }
    SimSystem created =
        new SimSystem(
            id,
            doc.owner(),
            doc.virtualMachine() != null ? SystemType.VirtualMachine : SystemType.Container,
            UUID.randomUUID().toString(),
            configuration);
    // Held while published, so no other call sees the system before its state is written.
    synchronized (created) {
      SimSystem previous =
          systems.compute(
              id, (k, existing) -> existing == null || existing.gone ? created : existing);
      if (previous != created) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_EXISTS, "a compute system " + id + " exists");
      }
      open.add(id);
      try {
        persist(fn, created);
      } catch (HcsException e) {
        systems.remove(id, created);
        throw e;
      }
    }
  }

  @Override
  public void openComputeSystem(String id) {
    String fn = "HcsOpenComputeSystem";
    SimSystem s = systems.get(id);
    if (s == null || (s.gone && !open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    open.add(id);
  }

  @Override
  public void closeComputeSystem(String id) {
    if (id == null || !open.remove(id)) {
      return;
    }
    SimSystem s = systems.get(id);
    if (s != null) {
      synchronized (s) {
        if (s.gone) {
          systems.remove(id, s);
        }
      }
    }
  }

  @Override
  public void startComputeSystem(String id, String options) {
    String fn = "HcsStartComputeSystem";
    faults.check("Start", fn);
    delay("start");
    reservedOptions(fn, options);
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
      if (s.state != State.Created) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.state = State.Running;
      persist(fn, s);
    }
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    String fn = "HcsShutDownComputeSystem";
    faults.check("Shutdown", fn);
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
      if (s.stopping != null) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system is stopping");
      }
      if (s.state != State.Running) {
        // A guest that is not running cannot be asked to shut down.
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.stopping = NotificationType.GracefulExit;
    }
    later("shutdown", () -> exit(s, NotificationType.GracefulExit, 0));
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    String fn = "HcsTerminateComputeSystem";
    faults.check("Terminate", fn);
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
      if (s.stopping == NotificationType.ForcedExit) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system is terminating");
      }
      s.stopping = NotificationType.ForcedExit;
    }
    later("terminate", () -> exit(s, NotificationType.ForcedExit, HResults.HCS_E_TERMINATED));
  }

  @Override
  public void pauseComputeSystem(String id, String options) {
    String fn = "HcsPauseComputeSystem";
    faults.check("Pause", fn);
    delay("pause");
    if (!blank(options)) {
      parse(fn, options, PauseOptions.class, false);
    }
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
      if (s.state != State.Running || s.stopping != null) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.state = State.Paused;
      persist(fn, s);
    }
  }

  @Override
  public void resumeComputeSystem(String id, String options) {
    String fn = "HcsResumeComputeSystem";
    faults.check("Resume", fn);
    delay("resume");
    reservedOptions(fn, options);
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
      if (s.state != State.Paused || s.stopping != null) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      s.state = State.Running;
      persist(fn, s);
    }
  }

  @Override
  public void saveComputeSystem(String id, String options) {
    String fn = "HcsSaveComputeSystem";
    faults.check("Save", fn);
    delay("save");
    if (blank(options)) {
      throw fail(fn, HResults.E_INVALIDARG, "SaveOptions are required");
    }
    SaveOptions opts = parse(fn, options, SaveOptions.class, false);
    SimSystem s = live(fn, id);
    synchronized (s) {
      requireLive(fn, s);
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
        writeSavedState(fn, Path.of(opts.saveStateFilePath()), s);
      }
      persist(fn, s);
    }
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    String fn = "HcsGetComputeSystemProperties";
    faults.check("Properties", fn);
    delay("properties");
    PropertyQuery query =
        blank(propertyQuery) ? null : parse(fn, propertyQuery, PropertyQuery.class, false);
    SimSystem s = systems.get(id);
    if (s == null || (s.gone && !open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    boolean processList =
        query != null
            && query.propertyTypes() != null
            && query.propertyTypes().contains(SystemPropertyType.ProcessList);
    synchronized (s) {
      return HcsJson.write(s.properties(processList));
    }
  }

  @Override
  public void modifyComputeSystem(String id, String configuration) {
    String fn = "HcsModifyComputeSystem";
    live(fn, id);
    throw fail(fn, HResults.E_NOTIMPL, "HcsModifyComputeSystem is not simulated");
  }

  @Override
  public String enumerateComputeSystems(String query) {
    String fn = "HcsEnumerateComputeSystems";
    faults.check("Enumerate", fn);
    delay("enumerate");
    SystemQuery q = blank(query) ? null : parse(fn, query, SystemQuery.class, false);
    List<Properties> out = new ArrayList<>();
    for (SimSystem s : systems.values()) {
      synchronized (s) {
        if (!s.gone && matches(q, s)) {
          out.add(s.properties(false));
        }
      }
    }
    out.sort(Comparator.comparing(Properties::id));
    return HcsJson.write(out);
  }

  private static boolean matches(SystemQuery q, SimSystem s) {
    if (q == null) {
      return true;
    }
    return (q.ids() == null || q.ids().contains(s.id))
        && (q.names() == null || q.names().contains(s.id))
        && (q.types() == null || q.types().contains(s.type))
        && (q.owners() == null || q.owners().contains(s.owner));
  }

  // ---------------------------------------------------------------- processes

  @Override
  public int createProcess(String systemId, String processParameters) {
    String fn = "HcsCreateProcess";
    faults.check("CreateProcess", fn);
    delay("createprocess");
    if (blank(processParameters)) {
      throw fail(fn, HResults.E_INVALIDARG, "ProcessParameters are required");
    }
    ProcessParameters params = parse(fn, processParameters, ProcessParameters.class, false);
    if (blank(params.commandLine()) && blank(params.applicationName())) {
      throw fail(fn, HResults.E_INVALIDARG, "CommandLine or ApplicationName is required");
    }
    SimSystem s = live(fn, systemId);
    synchronized (s) {
      requireLive(fn, s);
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
      int pid = lastPid.addAndGet(4);
      String image =
          !blank(params.applicationName()) ? params.applicationName() : params.commandLine();
      s.processes.put(pid, new SimProcess(pid, image, false, 0));
      persist(fn, s);
      return pid;
    }
  }

  @Override
  public void terminateProcess(String systemId, int processId, String options) {
    endProcess("HcsTerminateProcess", systemId, processId, EXIT_CODE_TERMINATED);
  }

  @Override
  public void signalProcess(String systemId, int processId, String options) {
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
    endProcess(fn, systemId, processId, EXIT_CODE_SIGNALLED);
  }

  private void endProcess(String fn, String systemId, int processId, int exitCode) {
    SimSystem s = live(fn, systemId);
    List<HcsEvent> events;
    synchronized (s) {
      requireLive(fn, s);
      SimProcess p = s.processes.get(processId);
      if (p == null) {
        throw fail(fn, HResults.E_NOT_FOUND, "no process " + processId);
      }
      if (p.exited) {
        throw fail(fn, HResults.HCS_E_PROCESS_ALREADY_STOPPED, "process " + processId + " exited");
      }
      s.processes.put(processId, new SimProcess(processId, p.image, true, exitCode));
      persist(fn, s);
      events = List.of(processExited(systemId, processId, exitCode));
    }
    post(systemId, events);
  }

  @Override
  public String getProcessProperties(String systemId, int processId, String propertyQuery) {
    String fn = "HcsGetProcessProperties";
    SimSystem s = live(fn, systemId);
    synchronized (s) {
      SimProcess p = s.processes.get(processId);
      if (p == null) {
        throw fail(fn, HResults.E_NOT_FOUND, "no process " + processId);
      }
      return HcsJson.write(p.status());
    }
  }

  @Override
  public void closeProcess(String systemId, int processId) {
    SimSystem s = systems.get(systemId);
    if (s == null) {
      return;
    }
    synchronized (s) {
      SimProcess p = s.processes.get(processId);
      if (p != null && p.exited) {
        s.processes.remove(processId);
        if (!s.gone) {
          persist("HcsCloseProcess", s);
        }
      }
    }
  }

  // ---------------------------------------------------------------- service and files

  @Override
  public String getServiceProperties(String propertyQuery) {
    String fn = "HcsGetServiceProperties";
    if (!blank(propertyQuery)) {
      ServicePropertyQuery q = parse(fn, propertyQuery, ServicePropertyQuery.class, false);
      if (q.propertyTypes() != null
          && q.propertyTypes().stream().anyMatch(t -> t.name().equals("Basic") == false)) {
        throw fail(fn, HResults.E_NOTIMPL, "only Basic service properties are simulated");
      }
    }
    return HcsJson.write(
        new ServiceProperties(List.of(new BasicInformation(List.of(SUPPORTED_SCHEMA)))));
  }

  @Override
  public void grantVmAccess(String vmId, String filePath) {
    requireFile("HcsGrantVmAccess", filePath);
  }

  @Override
  public void revokeVmAccess(String vmId, String filePath) {
    requireFile("HcsRevokeVmAccess", filePath);
  }

  @Override
  public void createEmptyGuestStateFile(String path) {
    createEmptyFile("HcsCreateEmptyGuestStateFile", path);
  }

  @Override
  public void createEmptyRuntimeStateFile(String path) {
    createEmptyFile("HcsCreateEmptyRuntimeStateFile", path);
  }

  @Override
  public void setEventListener(HcsEventListener listener) {
    this.listener = listener;
  }

  /**
   * Makes container creation refuse a {@code Storage.Path} the simulated storage did not mount
   * ({@link ContainerStorageCheck#mountedBy}); by default any path is accepted.
   */
  public void setContainerStorageCheck(ContainerStorageCheck check) {
    this.containerStorage = check;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  // ---------------------------------------------------------------- what happens from outside

  /**
   * The system stops on its own: the guest shut down ({@code GracefulExit}), crashed ({@code
   * UnexpectedExit}) or an administrator killed it ({@code ForcedExit}). Returns false if there is
   * no such running system.
   */
  public boolean exitFromOutside(String id, NotificationType exitType, int status) {
    SimSystem s = systems.get(id);
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
    exit(s, exitType, effective);
    return true;
  }

  /** The system is paused behind the service's back. Returns false if it is not running. */
  public boolean pauseFromOutside(String id) {
    SimSystem s = systems.get(id);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      if (s.gone || s.state != State.Running) {
        return false;
      }
      s.state = State.Paused;
      persist("pause", s);
      return true;
    }
  }

  /** A running system that this service did not make appears, as another client would make it. */
  public void addForeignSystem(String id, String owner, SystemType type) {
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
    if (systems.putIfAbsent(id, s) != null) {
      throw fail("addForeignSystem", HResults.HCS_E_SYSTEM_ALREADY_EXISTS, id + " exists");
    }
    synchronized (s) {
      persist("addForeignSystem", s);
    }
  }

  /** A process ends on its own with this exit code. Returns false if there is no such process. */
  public boolean exitProcessFromOutside(String systemId, int processId, int exitCode) {
    try {
      endProcess("exitProcess", systemId, processId, exitCode);
      return true;
    } catch (HcsException e) {
      return false;
    }
  }

  /** The host compute service restarts: every handle is dead, systems keep running. */
  public void disconnectService() {
    open.clear();
    systems.values().removeIf(s -> s.gone);
    worker.execute(() -> deliver(new HcsEvent(HcsEvent.SERVICE_DISCONNECT, null, null, null)));
  }

  /** What the simulated host holds now, for debugging. */
  public List<SystemSnapshot> snapshot() {
    List<SystemSnapshot> out = new ArrayList<>();
    for (SimSystem s : systems.values()) {
      synchronized (s) {
        if (!s.gone) {
          out.add(
              new SystemSnapshot(
                  s.id,
                  s.owner,
                  s.type.name(),
                  s.state.name(),
                  s.runtimeId,
                  s.processes.values().stream()
                      .map(p -> new ProcessSnapshot(p.pid, p.image, p.exited, p.exitCode))
                      .toList()));
        }
      }
    }
    out.sort(Comparator.comparing(SystemSnapshot::id));
    return out;
  }

  /** A system as {@link #snapshot} shows it. */
  public record SystemSnapshot(
      String id,
      String owner,
      String systemType,
      String state,
      String runtimeId,
      List<ProcessSnapshot> processes) {}

  /** A process as {@link #snapshot} shows it; {@code exitCode} is meaningful once exited. */
  public record ProcessSnapshot(int processId, String image, boolean exited, int exitCode) {}

  // ---------------------------------------------------------------- internals

  private void exit(SimSystem s, NotificationType exitType, int status) {
    List<HcsEvent> events = new ArrayList<>();
    synchronized (s) {
      if (s.gone) {
        return;
      }
      s.gone = true;
      s.exitType = exitType;
      s.state = State.Stopped;
      for (SimProcess p : List.copyOf(s.processes.values())) {
        if (!p.exited) {
          s.processes.put(p.pid, new SimProcess(p.pid, p.image, true, EXIT_CODE_SYSTEM_STOPPED));
          events.add(processExited(s.id, p.pid, EXIT_CODE_SYSTEM_STOPPED));
        }
      }
      events.add(
          new HcsEvent(
              HcsEvent.SYSTEM_EXITED,
              s.id,
              null,
              HcsJson.write(new SystemExitStatus(status, exitType))));
      try {
        store.delete(s.id);
      } catch (IOException e) {
        log.warn("Simulated host: could not delete the state of {}: {}", s.id, e.toString());
      }
      if (!open.contains(s.id)) {
        systems.remove(s.id, s);
      }
    }
    post(s.id, events);
  }

  private static HcsEvent processExited(String systemId, int pid, int exitCode) {
    return new HcsEvent(
        HcsEvent.PROCESS_EXITED,
        systemId,
        pid,
        HcsJson.write(new ProcessStatus((long) pid, true, Integer.toUnsignedLong(exitCode), 0)));
  }

  /** Events go out on the simulator's own thread, in order, and only for systems held open. */
  private void post(String systemId, List<HcsEvent> events) {
    worker.execute(
        () -> {
          if (open.contains(systemId)) {
            events.forEach(this::deliver);
          }
        });
  }

  private void deliver(HcsEvent event) {
    HcsEventListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("Simulated host: event listener failed on {}", event, e);
    }
  }

  private void later(String operation, Runnable action) {
    Duration d = latency.getOrDefault(operation, Duration.ZERO);
    if (d.isZero() || d.isNegative()) {
      worker.execute(action);
    } else {
      worker.schedule(action, d.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void delay(String operation) {
    Duration d = latency.get(operation);
    if (d != null && !d.isZero() && !d.isNegative()) {
      // The caller's thread waits, as it would inside the native call.
      LockSupport.parkNanos(d.toNanos());
    }
  }

  private SimSystem live(String fn, String id) {
    SimSystem s = id == null ? null : systems.get(id);
    if (s == null || (s.gone && !open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    return s;
  }

  private static void requireLive(String fn, SimSystem s) {
    if (s.gone) {
      throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system " + s.id + " stopped");
    }
  }

  private static void requireId(String fn, String id) {
    if (id == null || id.isBlank()) {
      throw fail(fn, HResults.E_INVALIDARG, "the id is required");
    }
  }

  private static void reservedOptions(String fn, String options) {
    if (!blank(options)) {
      JsonNode node = tree(fn, options);
      if (!node.isObject() || !node.isEmpty()) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "options are reserved: " + options);
      }
    }
  }

  private void persist(String fn, SimSystem s) {
    try {
      store.save(s.toRecord());
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, "simulator state not written: " + e);
    }
  }

  private static <T> T parse(String fn, String json, Class<T> type, boolean required) {
    if (json == null || json.isBlank()) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "a " + type.getSimpleName() + " is required");
    }
    try {
      T value = HcsJson.strict(json, type);
      if (value == null) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "a " + type.getSimpleName() + " is required");
      }
      return value;
    } catch (JacksonException e) {
      throw fail(
          fn, HResults.HCS_E_INVALID_JSON, type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  private static JsonNode tree(String fn, String json) {
    try {
      return HcsJson.strictMapper().readTree(json);
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, e.getOriginalMessage());
    }
  }

  /** The checks HCS makes on a ComputeSystem document beyond its JSON shape. */
  private static void checkDocument(String fn, ComputeSystem doc) {
    if (doc.schemaVersion() == null) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "SchemaVersion is required");
    }
    Version v = doc.schemaVersion();
    if (v.major() == null
        || v.minor() == null
        || v.major() != SUPPORTED_SCHEMA.major()
        || v.minor() > SUPPORTED_SCHEMA.minor()
        || v.minor() < 0) {
      throw fail(
          fn,
          HResults.HCS_E_UNSUPPORTED_PROTOCOL_VERSION,
          "schema version " + v.major() + "." + v.minor() + " is not supported");
    }
    if ((doc.virtualMachine() == null) == (doc.container() == null)) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "exactly one of VirtualMachine, Container");
    }
    if (doc.hostingSystemId() != null) {
      throw fail(fn, HResults.E_NOT_SUPPORTED, "hosted systems are not simulated");
    }
    if (doc.virtualMachine() != null) {
      checkVm(fn, doc.virtualMachine());
    } else {
      checkContainer(fn, doc.container());
    }
  }

  private static void checkVm(String fn, dev.hcsorchestrator.host.hcs.schema.VirtualMachine vm) {
    var topo = vm.computeTopology();
    if (topo == null || topo.memory() == null || topo.memory().sizeInMB() == null) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "ComputeTopology.Memory.SizeInMB is required");
    }
    if (topo.memory().sizeInMB() < 1 || topo.memory().sizeInMB() % 2 != 0) {
      throw fail(fn, HResults.E_INVALIDARG, "Memory.SizeInMB must be a positive even number");
    }
    if (topo.processor() != null
        && topo.processor().count() != null
        && topo.processor().count() < 1) {
      throw fail(fn, HResults.E_INVALIDARG, "Processor.Count must be positive");
    }
    var devices = vm.devices();
    if (devices != null && devices.scsi() != null) {
      devices
          .scsi()
          .forEach(
              (controller, scsi) -> {
                if (scsi == null || scsi.attachments() == null) {
                  return;
                }
                scsi.attachments()
                    .forEach(
                        (lun, a) -> {
                          if (!lun.matches("\\d{1,2}")) {
                            throw fail(fn, HResults.HCS_E_INVALID_JSON, "LUN " + lun);
                          }
                          if (a == null || a.type() == null || blank(a.path())) {
                            throw fail(
                                fn,
                                HResults.HCS_E_INVALID_JSON,
                                "attachment " + controller + "/" + lun + " needs Type and Path");
                          }
                        });
              });
    }
    if (devices != null && devices.networkAdapters() != null) {
      devices
          .networkAdapters()
          .forEach(
              (name, nic) -> {
                if (nic == null || nic.endpointId() == null || !nic.endpointId().matches(GUID)) {
                  throw fail(fn, HResults.HCS_E_INVALID_JSON, "adapter " + name + ": EndpointId");
                }
                if (nic.macAddress() != null && !nic.macAddress().matches(MAC)) {
                  throw fail(fn, HResults.HCS_E_INVALID_JSON, "adapter " + name + ": MacAddress");
                }
              });
    }
    if (devices != null
        && devices.hvSocket() != null
        && devices.hvSocket().hvSocketConfig() != null
        && devices.hvSocket().hvSocketConfig().serviceTable() != null) {
      for (String service : devices.hvSocket().hvSocketConfig().serviceTable().keySet()) {
        if (!service.matches(GUID)) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "ServiceTable key " + service);
        }
      }
    }
    var boot =
        vm.chipset() == null || vm.chipset().uefi() == null ? null : vm.chipset().uefi().bootThis();
    if (boot != null && boot.deviceType() != null && boot.deviceType().name().equals("ScsiDrive")) {
      var ctrl =
          devices == null || devices.scsi() == null ? null : devices.scsi().get(boot.devicePath());
      String lun = String.valueOf(boot.diskNumber() == null ? 0 : boot.diskNumber());
      if (ctrl == null || ctrl.attachments() == null || !ctrl.attachments().containsKey(lun)) {
        throw fail(fn, HResults.E_INVALIDARG, "BootThis names no SCSI attachment");
      }
    }
    var restore = vm.restoreState();
    if (restore != null && !blank(restore.saveStateFilePath())) {
      if (!Files.isRegularFile(Path.of(restore.saveStateFilePath()))) {
        throw fail(
            fn,
            HResults.E_FILE_NOT_FOUND,
            "saved state " + restore.saveStateFilePath() + " missing");
      }
    }
  }

  private static void checkContainer(String fn, dev.hcsorchestrator.host.hcs.schema.Container c) {
    if (c.storage() == null
        || c.storage().layers() == null
        || c.storage().layers().isEmpty()
        || blank(c.storage().path())) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "Container.Storage needs Layers and Path");
    }
    for (var layer : c.storage().layers()) {
      if (layer == null || layer.id() == null || !layer.id().matches(GUID) || blank(layer.path())) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "each layer needs an Id GUID and a Path");
      }
    }
    if (c.mappedDirectories() != null) {
      for (var m : c.mappedDirectories()) {
        if (m == null || blank(m.hostPath()) || blank(m.containerPath())) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "a mapped directory needs both paths");
        }
      }
    }
    if (c.processor() != null) {
      int set =
          (c.processor().count() != null ? 1 : 0)
              + (c.processor().weight() != null ? 1 : 0)
              + (c.processor().maximum() != null ? 1 : 0);
      if (set > 1) {
        throw fail(fn, HResults.E_INVALIDARG, "Processor Count, Weight, Maximum are exclusive");
      }
    }
    if (c.networking() != null && c.networking().networkAdapters() != null) {
      for (String nic : c.networking().networkAdapters()) {
        if (nic == null || !nic.matches(GUID)) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "Networking.NetworkAdapters: " + nic);
        }
      }
    }
  }

  private static void writeSavedState(String fn, Path file, SimSystem s) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, "simulated saved state of " + s.id + "\n");
    } catch (IOException e) {
      throw fail(fn, HResults.E_PATH_NOT_FOUND, "cannot write " + file + ": " + e.getMessage());
    }
  }

  private static void requireFile(String fn, String path) {
    if (blank(path) || !Files.exists(Path.of(path))) {
      throw fail(fn, HResults.E_FILE_NOT_FOUND, "no file " + path);
    }
  }

  private static void createEmptyFile(String fn, String path) {
    if (blank(path)) {
      throw fail(fn, HResults.E_INVALIDARG, "a path is required");
    }
    Path file = Path.of(path);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.createFile(file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw fail(fn, HResults.E_FILE_EXISTS, "file " + path + " exists");
    } catch (IOException e) {
      throw fail(fn, HResults.E_PATH_NOT_FOUND, "cannot create " + path + ": " + e.getMessage());
    }
  }

  static String resultError(int hresult, String message) {
    return HcsJson.write(new ResultError(hresult, message));
  }

  private static HcsException fail(String fn, int hresult, String message) {
    return new HcsException(fn, hresult, message, resultError(hresult, message));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String quote(String s) {
    return HcsJson.write(s);
  }

  /** One compute system; guarded by its own monitor. */
  private static final class SimSystem {
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
              .map(p -> new SimulatorStore.ProcessRecord(p.pid, p.image, p.exited, p.exitCode))
              .toList());
    }

    Properties properties(boolean withProcesses) {
      if (gone) {
        return new Properties(id, type, null, owner, runtimeId, null, true, exitType, null);
      }
      List<ProcessDetails> list =
          withProcesses
              ? processes.values().stream()
                  .filter(p -> !p.exited)
                  .map(p -> new ProcessDetails((long) p.pid, p.image))
                  .toList()
              : null;
      return new Properties(id, type, null, owner, runtimeId, state, null, null, list);
    }
  }

  private record SimProcess(int pid, String image, boolean exited, int exitCode) {
    ProcessStatus status() {
      return new ProcessStatus(
          (long) pid, exited, exited ? Integer.toUnsignedLong(exitCode) : null, 0);
    }
  }
}
