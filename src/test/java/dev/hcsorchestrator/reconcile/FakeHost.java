package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.DiskRequest;
import dev.hcsorchestrator.host.Endpoint;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.HostInfo;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.NetworkRequest;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.ProcessSpec;
import dev.hcsorchestrator.host.ScratchRequest;
import dev.hcsorchestrator.host.ScratchVolume;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small in-memory host, following HCS's rules: systems are gone once they stop, shutdown and
 * terminate answer at once and report the exit as an event, and faults can be queued per operation.
 * Events are delivered on the calling thread, so tests need no waiting.
 *
 * <p>Decision tests run over the simulated host ({@link SimulatedHost}). This one is kept for what
 * the simulator cannot make, each use named in its test's header: a system gone without its exit
 * event, test code run inside a host call (what the status held at that moment; a system that
 * vanishes while its call is refused), container layers at paths no host holds, endpoints planted
 * with any owner and name. Still wholly over it, not yet moved to the simulator: {@code
 * ResourceSweeperTest}.
 */
final class FakeHost implements ComputeHost, HostResources, ContainerResources {

  static final String OWNER = "hcs-orchestrator";

  record Sys(String id, String owner, SystemType type, SystemState state, SystemSpec spec) {}

  final Map<String, Sys> systems = new LinkedHashMap<>();
  final Map<String, List<ProcessSpec>> processes = new HashMap<>();
  final Set<String> disks = new HashSet<>();
  final Set<String> endpoints = new HashSet<>();
  final Set<String> networks = new HashSet<>(Set.of("nat"));
  final Set<String> sockets = new HashSet<>();
  final Set<String> files = new HashSet<>();

  /** Namespace id to the endpoint ids it holds. */
  final Map<String, Set<String>> namespaces = new HashMap<>();

  /** Scratch folders with a mounted volume. */
  final Set<String> scratches = new HashSet<>();

  /** The files a save wrote a VM's state into; an ensured state file stays empty until then. */
  final Set<String> savedStates = new HashSet<>();

  final List<String> deletedDirectories = new ArrayList<>();
  final Set<String> missingFiles = new HashSet<>();
  final List<String> operations = new ArrayList<>();
  final Map<String, List<Supplier<HostException>>> faults = new HashMap<>();
  private final List<Consumer<HostEvent>> listeners = new CopyOnWriteArrayList<>();
  int nextPid = 100;

  /** A guest that ignores a shutdown request: the system keeps running until terminated. */
  volatile boolean guestIgnoresShutdown;

  synchronized void fail(String operation, Supplier<HostException> fault) {
    faults.computeIfAbsent(operation, k -> new ArrayList<>()).add(fault);
  }

  private synchronized void op(String operation, String id) {
    operations.add(operation + " " + id);
    List<Supplier<HostException>> f = faults.get(operation);
    if (f != null && !f.isEmpty()) {
      throw f.remove(0).get();
    }
  }

  // ---- what something outside the service does ----

  void exit(String id, HostExitType type) {
    synchronized (this) {
      if (systems.remove(id) == null) {
        throw new IllegalArgumentException("no system " + id);
      }
    }
    listeners.forEach(l -> l.accept(new HostEvent.SystemExited(id, type, 0)));
  }

  synchronized void pauseBehindTheBack(String id) {
    Sys s = systems.get(id);
    systems.put(id, new Sys(s.id(), s.owner(), s.type(), SystemState.Paused, s.spec()));
  }

  synchronized void appear(String id, String owner, SystemType type) {
    systems.put(id, new Sys(id, owner, type, SystemState.Running, null));
  }

  void processExit(String id, int code) {
    listeners.forEach(l -> l.accept(new HostEvent.ProcessExited(id, 100, code)));
  }

  /** A system gone without an event (its exit notification lost). */
  synchronized void vanish(String id) {
    systems.remove(id);
  }

  /** The host compute service went away and came back. */
  void disconnect() {
    listeners.forEach(l -> l.accept(new HostEvent.ServiceDisconnected()));
  }

  synchronized List<Sys> ours() {
    return systems.values().stream().filter(s -> s.owner().equals(OWNER)).toList();
  }

  // ---- ComputeHost ----

  @Override
  public String owner() {
    return OWNER;
  }

  @Override
  public synchronized List<ObservedSystem> list() {
    op("Enumerate", null);
    return systems.values().stream()
        .map(s -> new ObservedSystem(s.id(), s.owner(), s.type(), s.state()))
        .toList();
  }

  @Override
  public synchronized Optional<ObservedSystem> inspect(String id) {
    op("Properties", id);
    Sys s = systems.get(id);
    return s == null
        ? Optional.empty()
        : Optional.of(new ObservedSystem(s.id(), s.owner(), s.type(), s.state()));
  }

  @Override
  public synchronized void create(SystemSpec spec) {
    op("Create", spec.id());
    if (systems.containsKey(spec.id())) {
      throw new HostException.AlreadyExists("Create", spec.id(), 0x8037010F, "exists", null);
    }
    if (spec.restoreStateFile() != null && !savedStates.contains(spec.restoreStateFile())) {
      // HCS cannot restore from a missing file, nor from an empty one no save wrote into
      throw new HostException.Rejected("Create", spec.id(), 0x8037010D, "no saved state", null);
    }
    if (spec.container() != null
        && scratches.stream()
            .map(FakeHost::volume)
            .noneMatch(spec.container().volumePath()::equals)) {
      // as HCS: a container's Storage.Path must be a mounted writable layer volume
      throw new HostException.Rejected(
          "Create", spec.id(), 0x80370118, "Storage.Path is not a mounted volume", null);
    }
    systems.put(spec.id(), new Sys(spec.id(), OWNER, spec.type(), SystemState.Created, spec));
  }

  private Sys require(String operation, String id) {
    Sys s = systems.get(id);
    if (s == null) {
      throw new HostException.NotFound(operation, id, 0x8037010E, "not found", null);
    }
    return s;
  }

  private void set(Sys s, SystemState state) {
    systems.put(s.id(), new Sys(s.id(), s.owner(), s.type(), state, s.spec()));
  }

  @Override
  public synchronized void start(String id) {
    op("Start", id);
    Sys s = require("Start", id);
    if (s.state() != SystemState.Created) {
      throw new HostException.InvalidState("Start", id, 0x80370105, "state " + s.state(), null);
    }
    set(s, SystemState.Running);
  }

  @Override
  public void shutDown(String id) {
    synchronized (this) {
      op("Shutdown", id);
      Sys s = require("Shutdown", id);
      if (s.state() != SystemState.Running) {
        throw new HostException.InvalidState("Shutdown", id, 0x80370105, "not running", null);
      }
      if (guestIgnoresShutdown) {
        return;
      }
    }
    exit(id, HostExitType.GracefulExit);
  }

  @Override
  public void terminate(String id) {
    synchronized (this) {
      op("Terminate", id);
      require("Terminate", id);
    }
    exit(id, HostExitType.ForcedExit);
  }

  @Override
  public synchronized void pause(String id) {
    op("Pause", id);
    Sys s = require("Pause", id);
    if (s.state() != SystemState.Running) {
      throw new HostException.InvalidState("Pause", id, 0x80370105, "not running", null);
    }
    set(s, SystemState.Paused);
  }

  @Override
  public synchronized void pauseToSave(String id) {
    pause(id);
  }

  @Override
  public synchronized void resume(String id) {
    op("Resume", id);
    Sys s = require("Resume", id);
    if (s.state() != SystemState.Paused) {
      throw new HostException.InvalidState("Resume", id, 0x80370105, "not paused", null);
    }
    set(s, SystemState.Running);
  }

  @Override
  public synchronized void save(String id, String stateFile) {
    op("Save", id);
    Sys s = require("Save", id);
    if (s.state() != SystemState.Paused) {
      throw new HostException.InvalidState("Save", id, 0x80370105, "not paused", null);
    }
    files.add(stateFile);
    savedStates.add(stateFile);
  }

  @Override
  public synchronized int createProcess(String id, ProcessSpec process) {
    op("CreateProcess", id);
    require("CreateProcess", id);
    processes.computeIfAbsent(id, k -> new ArrayList<>()).add(process);
    return nextPid++;
  }

  /** Every system's events are delivered here, open or not. */
  @Override
  public boolean watched(String id) {
    return true;
  }

  @Override
  public String document(SystemSpec spec) {
    String restore =
        spec.restoreStateFile() == null
            ? ""
            : ",\"RestoreState\":{\"SaveStateFilePath\":\"" + spec.restoreStateFile() + "\"}";
    return "{\"Owner\":\"" + OWNER + "\",\"Id\":\"" + spec.id() + "\"" + restore + "}";
  }

  @Override
  public HostInfo probe() {
    return new HostInfo("simulated", List.of("2.1"));
  }

  @Override
  public Subscription subscribe(Consumer<HostEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ---- HostResources ----

  @Override
  public synchronized String ensureDisk(DiskRequest request) {
    op("CreateDisk", request.path());
    disks.add(request.path());
    if (request.parent() != null) {
      parents.put(request.path(), request.parent());
    }
    return request.path();
  }

  @Override
  public synchronized void deleteDisk(String path) {
    disks.remove(path);
  }

  /** The IP address of each endpoint, assigned as HCN does: the one asked for, else the next. */
  final Map<String, String> addresses = new HashMap<>();

  /** The MAC address of each endpoint as it was made. */
  final Map<String, String> macs = new HashMap<>();

  private int nextHost = 2;

  @Override
  public synchronized Endpoint ensureEndpoint(EndpointRequest request) {
    op("CreateEndpoint", request.endpointId());
    if (endpoints.add(request.endpointId())) {
      String ip = request.ipAddress() != null ? request.ipAddress() : "172.30.0." + (nextHost++);
      addresses.put(request.endpointId(), ip);
      macs.put(request.endpointId(), request.macAddress());
    }
    return new Endpoint(
        request.endpointId(), macs.get(request.endpointId()), addresses.get(request.endpointId()));
  }

  @Override
  public synchronized void deleteEndpoint(String endpointId) {
    op("deleteEndpoint", endpointId);
    if (namespaces.values().stream().anyMatch(held -> held.contains(endpointId))) {
      // as HCN: an endpoint still in a namespace has references
      throw new HostException.InvalidState(
          "deleteEndpoint", null, 0x803B0012, endpointId + " is in a namespace", null);
    }
    endpoints.remove(endpointId);
    addresses.remove(endpointId);
    macs.remove(endpointId);
  }

  @Override
  public synchronized boolean networkExists(String name) {
    return networks.contains(name);
  }

  @Override
  public synchronized void ensureNetwork(NetworkRequest request) {
    if (networks.add(request.name())) {
      madeNetworks.add(request.name());
    }
  }

  @Override
  public synchronized void deleteNetwork(String name) {
    op("deleteNetwork", name);
    networks.remove(name);
    madeNetworks.remove(name);
  }

  /** A registration as an earlier version made them (this one makes none). */
  synchronized void registerHvSocket(String serviceId, String name) {
    sockets.add(serviceId);
  }

  @Override
  public synchronized void unregisterHvSocket(String serviceId) {
    sockets.remove(serviceId);
  }

  @Override
  public synchronized void ensureStateFile(String path) {
    if (files.add(path)) {
      savedStates.remove(path); // a new, empty file
    }
  }

  final Map<String, Set<String>> grants = new HashMap<>();

  @Override
  public synchronized void ensureGuestStateFile(String path) {
    files.add(path);
  }

  @Override
  public synchronized void grantAccess(String systemId, String path) {
    grants.computeIfAbsent(systemId, id -> new HashSet<>()).add(path);
  }

  /** The parent of each differencing disk, as virtdisk would report it. */
  final Map<String, String> parents = new HashMap<>();

  @Override
  public synchronized List<String> diskChain(String path) {
    List<String> chain = new ArrayList<>(List.of(path));
    for (String p = parents.get(path); p != null && !chain.contains(p); p = parents.get(p)) {
      chain.add(p);
    }
    return chain;
  }

  @Override
  public synchronized void revokeAccess(String systemId, String path) {
    Set<String> granted = grants.get(systemId);
    if (granted != null) {
      granted.remove(path);
    }
  }

  @Override
  public synchronized void deleteFile(String path) {
    files.remove(path);
    savedStates.remove(path);
  }

  @Override
  public synchronized OptionalInt runProcess(String id, ProcessSpec process, Duration timeout) {
    op("RunProcess", id);
    require("RunProcess", id);
    return OptionalInt.of(0);
  }

  @Override
  public Optional<String> address(String id) {
    return Optional.of("127.0.0.1");
  }

  @Override
  public synchronized Optional<String> endpointAddress(String endpointId) {
    return Optional.ofNullable(addresses.get(endpointId));
  }

  @Override
  public synchronized boolean fileExists(String path) {
    return !missingFiles.contains(path);
  }

  @Override
  public synchronized void deleteEmptyDirectory(String path) {
    op("deleteEmptyDirectory", path);
    deletedDirectories.add(path);
  }

  // ---- ContainerResources ----

  @Override
  public synchronized void ensureNamespace(String namespaceId) {
    op("ensureNamespace", namespaceId);
    namespaces.computeIfAbsent(namespaceId, k -> new HashSet<>());
  }

  @Override
  public synchronized void addNamespaceEndpoint(String namespaceId, String endpointId) {
    op("addNamespaceEndpoint", namespaceId + " " + endpointId);
    Set<String> held = namespaces.get(namespaceId);
    if (held == null) {
      throw new HostException.NotFound(
          "addNamespaceEndpoint", namespaceId, 0, "no namespace", null);
    }
    held.add(endpointId);
  }

  @Override
  public synchronized void removeNamespaceEndpoint(String namespaceId, String endpointId) {
    op("removeNamespaceEndpoint", namespaceId + " " + endpointId);
    Set<String> held = namespaces.get(namespaceId);
    if (held != null) {
      held.remove(endpointId);
    }
  }

  @Override
  public synchronized List<String> namespaceEndpoints(String namespaceId) {
    return List.copyOf(namespaces.getOrDefault(namespaceId, Set.of()));
  }

  @Override
  public synchronized void deleteNamespace(String namespaceId) {
    op("deleteNamespace", namespaceId);
    Set<String> held = namespaces.get(namespaceId);
    if (held != null && !held.isEmpty()) {
      // as HCN: remove its endpoints first
      throw new HostException.InvalidState(
          "deleteNamespace", null, 0x803B0012, namespaceId + " still holds " + held, null);
    }
    namespaces.remove(namespaceId);
  }

  @Override
  public synchronized ScratchVolume mountScratch(ScratchRequest request) {
    op("mountScratch", request.folder());
    for (String layer : request.layers()) {
      if (missingFiles.contains(layer)) {
        throw new HostException.NotFound(
            "ensure_scratch", null, 0x80070003, "layer folder " + layer + " does not exist", null);
      }
    }
    scratches.add(request.folder());
    mountedScratches.add(request.folder());
    return new ScratchVolume(
        volume(request.folder()),
        request.layers().stream()
            .map(
                l ->
                    new ScratchVolume.LayerId(
                        java.util.UUID.nameUUIDFromBytes(l.getBytes()).toString(), l))
            .toList());
  }

  static String volume(String scratchFolder) {
    return "\\\\?\\Volume{" + java.util.UUID.nameUUIDFromBytes(scratchFolder.getBytes()) + "}\\";
  }

  /** Scratch folders whose disk is attached with the filter on. */
  final Set<String> mountedScratches = new HashSet<>();

  @Override
  public synchronized void unmountScratch(String folder) {
    op("unmountScratch", folder);
    mountedScratches.remove(folder);
  }

  @Override
  public synchronized void deleteScratch(String folder) {
    op("deleteScratch", folder);
    mountedScratches.remove(folder);
    scratches.remove(folder);
  }

  // ---- enumerations for the resource sweep (and what appears behind the service's back) ----

  /** Owner and name of endpoints planted by a test; one the service made has our owner, no name. */
  final Map<String, dev.hcsorchestrator.host.ListedEndpoint> plantedEndpoints = new HashMap<>();

  /** Folders that exist without anything the fake tracks in them. */
  final Set<String> folders = new HashSet<>();

  /** An endpoint appears that the service did not make (or made and forgot). */
  synchronized void plantEndpoint(String id, String owner, String name) {
    endpoints.add(id);
    plantedEndpoints.put(id, new dev.hcsorchestrator.host.ListedEndpoint(id, owner, name));
  }

  @Override
  public synchronized List<dev.hcsorchestrator.host.ListedEndpoint> listEndpoints() {
    op("listEndpoints", null);
    return endpoints.stream()
        .sorted()
        .map(
            id ->
                plantedEndpoints.getOrDefault(
                    id, new dev.hcsorchestrator.host.ListedEndpoint(id, OWNER, null)))
        .toList();
  }

  @Override
  public synchronized List<String> subfolders(String path) {
    op("subfolders", path);
    java.nio.file.Path parent = java.nio.file.Path.of(path);
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    List<String> known = new ArrayList<>(folders);
    known.addAll(scratches);
    known.addAll(disks);
    known.addAll(files);
    for (String p : known) {
      java.nio.file.Path child = java.nio.file.Path.of(p);
      if (child.startsWith(parent) && child.getNameCount() > parent.getNameCount() + 1) {
        names.add(child.getName(parent.getNameCount()).toString());
      } else if ((folders.contains(p) || scratches.contains(p))
          && child.getParent() != null
          && child.getParent().equals(parent)) {
        names.add(child.getFileName().toString());
      }
    }
    return List.copyOf(names);
  }

  @Override
  public synchronized List<String> files(String path) {
    op("files", path);
    java.nio.file.Path parent = java.nio.file.Path.of(path);
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    List<String> known = new ArrayList<>(disks);
    known.addAll(files);
    for (String p : known) {
      java.nio.file.Path child = java.nio.file.Path.of(p);
      if (parent.equals(child.getParent())) {
        names.add(child.getFileName().toString());
      }
    }
    return List.copyOf(names);
  }

  @Override
  public synchronized List<String> listNamespaces() {
    op("listNamespaces", null);
    return namespaces.keySet().stream().sorted().toList();
  }

  @Override
  public synchronized boolean holdsScratch(String folder) {
    return scratches.contains(folder);
  }

  /** Networks this service made (ensureNetwork); the others, such as "nat", were on the host. */
  final Set<String> madeNetworks = new HashSet<>();

  @Override
  public synchronized List<dev.hcsorchestrator.host.ListedNetwork> listNetworks() {
    op("listNetworks", null);
    return networks.stream()
        .sorted()
        .map(
            n ->
                new dev.hcsorchestrator.host.ListedNetwork(
                    "net-" + n, madeNetworks.contains(n) ? OWNER : "admin", n))
        .toList();
  }
}
