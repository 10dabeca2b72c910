package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.createEmptyFile;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.schema.BasicInformation;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.ServiceProperties;
import dev.hcsorchestrator.host.hcs.schema.ServicePropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import dev.hcsorchestrator.host.hcs.schema.Version;
import java.nio.file.Path;
import java.util.List;

/**
 * computecore.dll in Java: the one source of HCS semantics for every run off Windows and for the C
 * twin of the DLL. It checks each document as HCS does, follows the state machine {@code Created →
 * Running ⇄ Paused → Stopped} (a stopped system is gone), answers HCS's HRESULTs, sends exit events
 * from its own thread, keeps its systems under a directory so they outlive a restart of the
 * service, and takes injected faults and per-operation latencies.
 *
 * <p>This class is the DLL's surface; the work is in package-private parts: {@link
 * SimulatedSystems} (create, handles, properties, enumeration), {@link SimulatedTransitions} (the
 * state machine), {@link SimulatedProcesses}, {@link SimulatedGrants}, {@link SimulatedOutside}
 * (what happens behind the service's back), {@link SimulatedChecks} (documents) and {@link
 * SimulatedHostState} (the systems and their persistence).
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

  private final SimulatedHostState host;
  private final SimulatorFaults faults;
  private final SimulatedProcesses processes;
  private final SimulatedOutside outside;
  private final SimulatedGrants grants;
  private final SimulatedSystems systems;
  private final SimulatedTransitions transitions;

  /**
   * @param stateDir where the systems are kept ({@code ${hcs.data-dir}/simulator/systems})
   */
  public SimulatedComputeCore(Path stateDir, SimulatorFaults faults, SimulatorSettings settings) {
    this.host = new SimulatedHostState(stateDir, settings);
    this.faults = faults;
    this.processes = new SimulatedProcesses(host, faults);
    this.outside = new SimulatedOutside(host, processes);
    this.grants = new SimulatedGrants(settings.enforceGrants(), stateDir.resolveSibling("grants"));
    this.systems = new SimulatedSystems(host, faults, grants);
    this.transitions = new SimulatedTransitions(host, faults, grants);
  }

  // ---------------------------------------------------------------- systems
  @Override
  public void createComputeSystem(String id, String configuration) {
    systems.createComputeSystem(id, configuration);
  }

  @Override
  public void openComputeSystem(String id) {
    systems.openComputeSystem(id);
  }

  @Override
  public void closeComputeSystem(String id) {
    systems.closeComputeSystem(id);
  }

  @Override
  public void startComputeSystem(String id, String options) {
    transitions.startComputeSystem(id, options);
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    transitions.shutDownComputeSystem(id, options);
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    transitions.terminateComputeSystem(id, options);
  }

  @Override
  public void pauseComputeSystem(String id, String options) {
    transitions.pauseComputeSystem(id, options);
  }

  @Override
  public void resumeComputeSystem(String id, String options) {
    transitions.resumeComputeSystem(id, options);
  }

  @Override
  public void saveComputeSystem(String id, String options) {
    transitions.saveComputeSystem(id, options);
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    return systems.getComputeSystemProperties(id, propertyQuery);
  }

  @Override
  public String enumerateComputeSystems(String query) {
    return systems.enumerateComputeSystems(query);
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

  /**
   * A process as the simulator holds it (the ProcessStatus document HcsGetProcessProperties would
   * answer); the service does not ask for it, tests and the C twin's backend do.
   */
  public String processStatus(String systemId, int processId) {
    return processes.processStatus(systemId, processId);
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

  /** Every file granted to {@code vmId}, sorted, for tests. */
  public List<String> grantedFiles(String vmId) {
    return grants.granted(vmId);
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
    systems.setContainerStorageCheck(check);
  }

  @Override
  public void close() {
    host.worker.shutdownNow();
    // the simulated host leaves this process with the service: other simulated hosts in it (tests
    // run several) may open its disks again
    host.sharedDisks.closeAll();
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

  /**
   * The system stops on its own ({@code exitType}) just as the next call of {@code operation} on it
   * reaches the host, as when a guest powers off while the service asks it to shut down: the call
   * then meets a stopped system and fails as HCS fails it. {@code operation} is a fault name of a
   * system transition (Start, Shutdown, Terminate, Pause, Resume, Save). Returns false if there is
   * no such system.
   */
  public boolean exitAtNextCall(String id, String operation, NotificationType exitType) {
    return outside.exitAtNextCall(id, operation, exitType);
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

  /**
   * Waits until every exit and event already due has been delivered, so a caller sees the host as a
   * synchronous one would leave it (the tests' {@code SimulatedHost}).
   */
  void awaitQuiet() {
    host.awaitQuiet();
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
