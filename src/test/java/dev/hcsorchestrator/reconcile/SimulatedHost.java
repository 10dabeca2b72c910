package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsContainerResources;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.ListedEndpoint;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.ContainerStorageCheck;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorQuiet;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The typed host over the simulated DLLs, wired as the application wires its simulated host, for
 * decision tests: the simulator owns every rule of HCS (documents, grants, states, exits), this
 * class only builds it, says what happens from outside, and lets a test wait until the events
 * already due are delivered ({@link #settle}), so passes see a host as a synchronous one leaves it.
 */
final class SimulatedHost implements AutoCloseable {

  static final String OWNER = ReconcilerBuilder.OWNER;

  final Path dir;
  final SimulatorFaults faults = new SimulatorFaults();

  /** The host's disks outlive a service process (the simulated virtdisk keeps them in memory). */
  final SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);

  private final SimulatorSettings settings;
  SimulatedComputeCore core;
  ComputeHost host;
  HcsHostResources resources;
  HcsContainerResources containers;
  SimulatedComputeNetwork network;
  SimulatedComputeStorage storage;
  SimulatedHvSocketRegistry sockets;

  /** A simulated host keeping its state under {@code dir}, with grants enforced, no latency. */
  SimulatedHost(Path dir) {
    this(dir, SimulatorSettings.none());
  }

  SimulatedHost(Path dir, SimulatorSettings settings) {
    this.dir = dir;
    this.settings = settings;
    reconnect();
  }

  /** A new service process's view: new DLL instances over the same simulator state. */
  void reconnect() {
    if (core != null) {
      core.close();
    }
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, settings);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    host = new HcsComputeHost(core, OWNER, "simulated", registry);
    network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    storage = new SimulatedComputeStorage(dir.resolve("sim/storage"), disks, faults);
    // as the application's simulated host: a container's Storage.Path must be a mounted volume
    core.setContainerStorageCheck(ContainerStorageCheck.mountedBy(storage));
    containers = new HcsContainerResources(network, storage, disks, registry);
    resources =
        new HcsHostResources(
            disks,
            network,
            sockets = new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            OWNER,
            registry);
  }

  HostAccess access() {
    return new HostAccess(host, resources, containers);
  }

  /** Waits until every exit and event already due has been delivered. */
  void settle() {
    SimulatorQuiet.settle(core);
  }

  // ---- what the host holds ----

  /** The systems this service owns, as the host lists them. */
  List<ObservedSystem> ours() {
    return core.snapshot().stream()
        .filter(s -> s.owner().equals(OWNER))
        .map(
            s ->
                new ObservedSystem(
                    s.id(),
                    s.owner(),
                    SystemType.valueOf(s.systemType()),
                    SystemState.valueOf(s.state())))
        .toList();
  }

  /** The ids of every HCN endpoint on the host, whoever made it. */
  List<String> endpoints() {
    return resources.listEndpoints().stream().map(ListedEndpoint::id).toList();
  }

  /** The ids of every system on the host, whoever made it. */
  List<String> ids() {
    return core.snapshot().stream().map(SimulatedComputeCore.SystemSnapshot::id).toList();
  }

  /** The state of a system, empty once it is gone. */
  Optional<SystemState> state(String id) {
    return core.snapshot().stream()
        .filter(s -> s.id().equals(id))
        .map(s -> SystemState.valueOf(s.state()))
        .findFirst();
  }

  /**
   * The HCS document the system was created with, as the simulator keeps it beside the system (its
   * state folder holds one JSON record per system, the document as a string inside).
   */
  String document(String id) {
    Path record = dir.resolve("sim/systems").resolve(id + ".json");
    try {
      return tools.jackson.databind.json.JsonMapper.builder()
          .build()
          .readTree(java.nio.file.Files.readString(record))
          .get("document")
          .asString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The processes started in a system, as the host lists them. */
  List<SimulatedComputeCore.ProcessSnapshot> processes(String id) {
    return core.snapshot().stream()
        .filter(s -> s.id().equals(id))
        .flatMap(s -> s.processes().stream())
        .toList();
  }

  // ---- what happens from outside the service ----

  /** The system's running workload process exits with {@code code}; its events are delivered. */
  void processExit(String id, int code) {
    int pid =
        processes(id).stream()
            .filter(p -> !p.exited())
            .mapToInt(SimulatedComputeCore.ProcessSnapshot::processId)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no running process in " + id));
    if (!core.exitProcessFromOutside(id, pid, code)) {
      throw new IllegalArgumentException("no process " + pid + " in " + id);
    }
    settle();
  }

  /** The system stops on its own with this exit, and its events are delivered. */
  void exit(String id, HostExitType type) {
    if (!core.exitFromOutside(id, NotificationType.valueOf(type.name()), 0)) {
      throw new IllegalArgumentException("no running system " + id);
    }
    settle();
  }

  /** The system is paused behind the service's back. */
  void pauseFromOutside(String id) {
    if (!core.pauseFromOutside(id)) {
      throw new IllegalArgumentException("no running system " + id);
    }
  }

  /** A running system made by another client (or by this owner, in an earlier process). */
  void appear(String id, String owner, SystemType type) {
    core.addForeignSystem(
        id, owner, dev.hcsorchestrator.host.hcs.schema.SystemType.valueOf(type.name()));
  }

  /**
   * A VM of ours created and never started, as a service process that died between its Create and
   * its Start leaves it: made through the DLL, its handle closed.
   */
  void leftCreated(String id) {
    core.createComputeSystem(
        id,
        "{\"Owner\":\""
            + OWNER
            + "\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"VirtualMachine\":"
            + "{\"ComputeTopology\":{\"Memory\":{\"SizeInMB\":256},\"Processor\":{\"Count\":1}}}}");
    core.closeComputeSystem(id);
  }

  /**
   * The system is gone and this service hears no exit: it stopped while the host compute service
   * was restarting, when no handle of the service was open to receive its notification.
   */
  void vanish(String id) {
    core.disconnectService();
    if (!core.exitFromOutside(id, NotificationType.UnexpectedExit, 0)) {
      throw new IllegalArgumentException("no running system " + id);
    }
    settle();
  }

  /**
   * The system stops on its own ({@code type}) as the next call of {@code operation} on it reaches
   * the host: a guest that powers off while the service asks something of it.
   */
  void exitAtNextCall(String id, String operation, HostExitType type) {
    if (!core.exitAtNextCall(id, operation, NotificationType.valueOf(type.name()))) {
      throw new IllegalArgumentException("no running system " + id);
    }
  }

  /** An HCN endpoint on the host's {@code nat} network made by another client (any owner). */
  void plantEndpoint(String id, String owner, String name) {
    network.createEndpoint(
        SimulatedComputeNetwork.NAT_NETWORK_ID,
        id,
        dev.hcsorchestrator.host.hcs.schema.HcsJson.write(
            new dev.hcsorchestrator.host.hcs.schema.HcnEndpoint(
                id,
                owner,
                name,
                SimulatedComputeNetwork.NAT_NETWORK_ID,
                null,
                null,
                null,
                dev.hcsorchestrator.host.hcs.schema.HcnNetwork.HCN_SCHEMA)));
  }

  /**
   * An HCN namespace holding these endpoints, as another client (or an earlier process) left it.
   */
  void plantNamespace(String id, String... endpoints) {
    containers.ensureNamespace(id);
    for (String endpoint : endpoints) {
      containers.addNamespaceEndpoint(id, endpoint);
    }
  }

  /** A container scratch volume mounted at {@code folder}, over one layer folder of the host. */
  void mountScratch(String folder) {
    try {
      String layer = java.nio.file.Files.createDirectories(dir.resolve("images/base")).toString();
      containers.mountScratch(
          new dev.hcsorchestrator.host.ScratchRequest(folder, List.of(layer), 1L << 30));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The namespaces on the host. */
  List<String> namespaces() {
    return containers.listNamespaces();
  }

  /** The names of the HCN networks on the host. */
  List<String> networks() {
    return resources.listNetworks().stream()
        .map(dev.hcsorchestrator.host.ListedNetwork::name)
        .toList();
  }

  /** The next {@code count} calls of {@code operation} fail with {@code hresult}. */
  void fail(String operation, int hresult, int count) {
    faults.inject(operation, hresult, count);
  }

  /** The host compute service restarted; its disconnect event is delivered. */
  void disconnect() {
    core.disconnectService();
    settle();
  }

  /** The next call of {@code operation} fails with {@code hresult} (SimulatorFaults' names). */
  void fail(String operation, int hresult) {
    faults.inject(operation, hresult, 1);
  }

  @Override
  public void close() {
    core.close();
  }
}
