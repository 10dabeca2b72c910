package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.checkDocument;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.createEmptyFile;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.requireId;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.reservedOptions;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.writeSavedState;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.BasicInformation;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.PauseOptions;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.PropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.SaveOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveType;
import dev.hcsorchestrator.host.hcs.schema.ServiceProperties;
import dev.hcsorchestrator.host.hcs.schema.ServicePropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.ShutdownOptions;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemPropertyType;
import dev.hcsorchestrator.host.hcs.schema.SystemQuery;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import dev.hcsorchestrator.host.hcs.schema.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

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

  /**
   * The newest schema version this simulator understands (as Windows Server 2022), reported by
   * HcsGetServiceProperties: every 2.x up to it is accepted.
   */
  public static final Version SUPPORTED_SCHEMA = Version.V2_5;

  /** Exit code of a process that ends because its system stopped (ERROR_PROCESS_ABORTED). */
  public static final int EXIT_CODE_SYSTEM_STOPPED = 1067;

  /** Exit code of a process ended by HcsTerminateProcess. */
  public static final int EXIT_CODE_TERMINATED = 1;

  /** Exit code of a process ended by a console signal (STATUS_CONTROL_C_EXIT). */
  public static final int EXIT_CODE_SIGNALLED = 0xC000013A;

  private final SimulatedHostState host;
  private final SimulatorFaults faults;
  private final SimulatedProcesses processes;
  private final SimulatedOutside outside;
  private final SimulatedGrants grants;
  private volatile ContainerStorageCheck containerStorage = ContainerStorageCheck.ANY;

  /**
   * @param stateDir where the systems are kept ({@code ${hcs.data-dir}/simulator/systems})
   */
  public SimulatedComputeCore(Path stateDir, SimulatorFaults faults, SimulatorSettings settings) {
    this.host = new SimulatedHostState(stateDir, settings);
    this.faults = faults;
    this.processes = new SimulatedProcesses(host, faults);
    this.outside = new SimulatedOutside(host, processes);
    this.grants =
        new SimulatedGrants(settings.enforceGrants(), stateDir.resolveSibling("grants.tsv"));
  }

  // ---------------------------------------------------------------- systems

  @Override
  public void createComputeSystem(String id, String configuration) {
    String fn = "HcsCreateComputeSystem";
    faults.check("Create", fn);
    host.delay("create");
    requireId(fn, id);
    ComputeSystem doc = parse(fn, configuration, ComputeSystem.class, true);
    checkDocument(fn, doc);
    grants.requireGranted(fn, id, doc);
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
          host.systems.compute(
              id, (k, existing) -> existing == null || existing.gone ? created : existing);
      if (previous != created) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_EXISTS, "a compute system " + id + " exists");
      }
      host.open.add(id);
      try {
        host.persist(fn, created);
      } catch (HcsException e) {
        host.systems.remove(id, created);
        throw e;
      }
    }
  }

  @Override
  public void openComputeSystem(String id) {
    String fn = "HcsOpenComputeSystem";
    SimSystem s = host.systems.get(id);
    if (s == null || (s.gone && !host.open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    host.open.add(id);
  }

  @Override
  public void closeComputeSystem(String id) {
    if (id == null || !host.open.remove(id)) {
      return;
    }
    SimSystem s = host.systems.get(id);
    if (s != null) {
      synchronized (s) {
        if (s.gone) {
          host.systems.remove(id, s);
        }
      }
    }
  }

  @Override
  public void startComputeSystem(String id, String options) {
    String fn = "HcsStartComputeSystem";
    faults.check("Start", fn);
    host.delay("start");
    reservedOptions(fn, options);
    SimSystem s = host.live(fn, id);
    synchronized (s) {
      SimulatedHostState.requireLive(fn, s);
      if (s.state != State.Created) {
        throw fail(fn, HResults.HCS_E_INVALID_STATE, "compute system " + id + " is " + s.state);
      }
      // The worker process opens the VM's files when it starts: a revoked grant fails here.
      grants.requireGranted(fn, id, HcsJson.lenient(s.document, ComputeSystem.class));
      s.state = State.Running;
      host.persist(fn, s);
    }
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    String fn = "HcsShutDownComputeSystem";
    faults.check("Shutdown", fn);
    ShutdownOptions opts = blank(options) ? null : parse(fn, options, ShutdownOptions.class, false);
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
        SimulatedChecks.requireShutdownService(fn, id, s.document, opts);
      }
      s.stopping = NotificationType.GracefulExit;
    }
    host.later("shutdown", () -> host.exit(s, NotificationType.GracefulExit, 0));
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    String fn = "HcsTerminateComputeSystem";
    faults.check("Terminate", fn);
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

  @Override
  public void pauseComputeSystem(String id, String options) {
    String fn = "HcsPauseComputeSystem";
    faults.check("Pause", fn);
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

  @Override
  public void resumeComputeSystem(String id, String options) {
    String fn = "HcsResumeComputeSystem";
    faults.check("Resume", fn);
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

  @Override
  public void saveComputeSystem(String id, String options) {
    String fn = "HcsSaveComputeSystem";
    faults.check("Save", fn);
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
        writeSavedState(fn, Path.of(opts.saveStateFilePath()), s);
      }
      host.persist(fn, s);
    }
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    String fn = "HcsGetComputeSystemProperties";
    faults.check("Properties", fn);
    host.delay("properties");
    PropertyQuery query =
        blank(propertyQuery) ? null : parse(fn, propertyQuery, PropertyQuery.class, false);
    SimSystem s = host.systems.get(id);
    if (s == null || (s.gone && !host.open.contains(id))) {
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
    host.live(fn, id);
    throw fail(fn, HResults.E_NOTIMPL, "HcsModifyComputeSystem is not simulated");
  }

  @Override
  public String enumerateComputeSystems(String query) {
    String fn = "HcsEnumerateComputeSystems";
    faults.check("Enumerate", fn);
    host.delay("enumerate");
    SystemQuery q = blank(query) ? null : parse(fn, query, SystemQuery.class, false);
    List<Properties> out = new ArrayList<>();
    for (SimSystem s : host.systems.values()) {
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
    return processes.createProcess(systemId, processParameters);
  }

  /**
   * The exit code of every later process run beside a container's workload (an {@code Exec} health
   * check); 0 until set. Kept in memory only. Returns false if there is no such system.
   */
  public boolean setExecResult(String systemId, int exitCode) {
    return processes.setExecResult(systemId, exitCode);
  }

  @Override
  public void terminateProcess(String systemId, int processId, String options) {
    processes.terminateProcess(systemId, processId, options);
  }

  @Override
  public void signalProcess(String systemId, int processId, String options) {
    processes.signalProcess(systemId, processId, options);
  }

  @Override
  public String getProcessProperties(String systemId, int processId, String propertyQuery) {
    return processes.getProcessProperties(systemId, processId, propertyQuery);
  }

  @Override
  public void closeProcess(String systemId, int processId) {
    processes.closeProcess(systemId, processId);
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
    faults.check("Grant", "HcsGrantVmAccess");
    grants.grant("HcsGrantVmAccess", vmId, filePath);
  }

  @Override
  public void revokeVmAccess(String vmId, String filePath) {
    grants.revoke("HcsRevokeVmAccess", vmId, filePath);
  }

  /** Whether {@code filePath} is granted to {@code vmId} (HcsGrantVmAccess), for tests. */
  public boolean isGranted(String vmId, String filePath) {
    return grants.isGranted(vmId, filePath);
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
    host.listener = listener;
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
    host.worker.shutdownNow();
  }

  // ---------------------------------------------------------------- what happens from outside

  /**
   * The system stops on its own: the guest shut down ({@code GracefulExit}), crashed ({@code
   * UnexpectedExit}) or an administrator killed it ({@code ForcedExit}). Returns false if there is
   * no such running system.
   */
  public boolean exitFromOutside(String id, NotificationType exitType, int status) {
    return outside.exitFromOutside(id, exitType, status);
  }

  /** The system is paused behind the service's back. Returns false if it is not running. */
  public boolean pauseFromOutside(String id) {
    return outside.pauseFromOutside(id);
  }

  /** A running system that this service did not make appears, as another client would make it. */
  public void addForeignSystem(String id, String owner, SystemType type) {
    outside.addForeignSystem(id, owner, type);
  }

  /** A process ends on its own with this exit code. Returns false if there is no such process. */
  public boolean exitProcessFromOutside(String systemId, int processId, int exitCode) {
    return outside.exitProcessFromOutside(systemId, processId, exitCode);
  }

  /** The host compute service restarts: every handle is dead, systems keep running. */
  public void disconnectService() {
    outside.disconnectService();
  }

  /** What the simulated host holds now, for debugging. */
  public List<SystemSnapshot> snapshot() {
    return outside.snapshot();
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
}
