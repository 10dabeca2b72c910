package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.DiskRequest;
import dev.hcsorchestrator.host.Endpoint;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.HostInfo;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.NetworkRequest;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.ProcessSpec;
import dev.hcsorchestrator.host.ScratchRequest;
import dev.hcsorchestrator.host.ScratchVolume;
import dev.hcsorchestrator.host.SystemSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The simulated host, in front of which each host call first checks that the state it depends on is
 * already in the store (what a crash right now would leave): the test fails with an {@link
 * AssertionError} (which a pass does not catch) when a write-ahead point is missing.
 */
final class DurableFirstHost implements ComputeHost, HostResources, ContainerResources {

  private final ComputeHost compute;
  private final HostResources resources;
  private final ContainerResources containers;
  private final InMemoryDefinitions store;
  UUID watched;
  int checks;

  /** In front of the simulated host. */
  DurableFirstHost(SimulatedHost host, InMemoryDefinitions store) {
    this(host.host, host.resources, host.containers, store);
  }

  private DurableFirstHost(
      ComputeHost compute,
      HostResources resources,
      ContainerResources containers,
      InMemoryDefinitions store) {
    this.compute = compute;
    this.resources = resources;
    this.containers = containers;
    this.store = store;
  }

  private DefinitionStatus stored() {
    return store.require(watched).status();
  }

  private void require(boolean durable, String what) {
    checks++;
    if (!durable) {
      throw new AssertionError("host called before this was stored: " + what);
    }
  }

  @Override
  public void create(SystemSpec spec) {
    require(
        spec.id().equals(stored().computeSystemId()),
        "the incarnation of " + spec.id() + " (stored: " + stored().computeSystemId() + ")");
    compute.create(spec);
  }

  @Override
  public void shutDown(String id) {
    require(Bookkeeping.of(stored()).exitRequested(), "that the exit of " + id + " is ours");
    compute.shutDown(id);
  }

  @Override
  public void terminate(String id) {
    Bookkeeping b = Bookkeeping.of(stored());
    var def = store.require(watched);
    if (def.kind() != Kind.Container) { // a container whose workload ended goes with it
      require(b.exitRequested(), "that the exit of " + id + " is ours");
    }
    if (def.spec().desiredState() == DesiredState.Saved) {
      require(b.savedStateFile() != null, "the state file " + id + " was saved to");
    }
    if (b.hostShutdown() == HostShutdownAction.Save) {
      require(b.savedStateFile() != null, "the state file " + id + " was saved to");
    }
    compute.terminate(id);
  }

  @Override
  public String ensureDisk(DiskRequest request) {
    require(
        Bookkeeping.of(stored()).made(Dependents.DISK).contains(request.path()),
        "the disk " + request.path() + " in the record");
    return resources.ensureDisk(request);
  }

  @Override
  public Endpoint ensureEndpoint(EndpointRequest request) {
    require(
        Bookkeeping.of(stored()).made(Dependents.ENDPOINT).contains(request.endpointId()),
        "the endpoint " + request.endpointId() + " in the record");
    return resources.ensureEndpoint(request);
  }

  @Override
  public void ensureNamespace(String namespaceId) {
    require(
        Bookkeeping.of(stored()).made(NamespaceDependent.NAMESPACE).contains(namespaceId),
        "the namespace " + namespaceId + " in the record");
    containers.ensureNamespace(namespaceId);
  }

  @Override
  public void addNamespaceEndpoint(String namespaceId, String endpointId) {
    Bookkeeping b = Bookkeeping.of(stored());
    require(
        b.made(NamespaceDependent.NAMESPACE).contains(namespaceId)
            && b.made(Dependents.ENDPOINT).contains(endpointId),
        "the namespace " + namespaceId + " and the endpoint " + endpointId + " in the record");
    containers.addNamespaceEndpoint(namespaceId, endpointId);
  }

  @Override
  public ScratchVolume mountScratch(ScratchRequest request) {
    Bookkeeping b = Bookkeeping.of(stored());
    require(
        b.made(ScratchDependent.SCRATCH).contains(request.folder())
            && b.mountedScratch() != null
            && b.mountedScratch().contains(request.folder()),
        "the scratch " + request.folder() + " in the record, as mounted");
    return containers.mountScratch(request);
  }

  @Override
  public void unmountScratch(String folder) {
    containers.unmountScratch(folder);
  }

  @Override
  public void removeNamespaceEndpoint(String namespaceId, String endpointId) {
    containers.removeNamespaceEndpoint(namespaceId, endpointId);
  }

  @Override
  public List<String> namespaceEndpoints(String namespaceId) {
    return containers.namespaceEndpoints(namespaceId);
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    containers.deleteNamespace(namespaceId);
  }

  @Override
  public void deleteScratch(String folder) {
    containers.deleteScratch(folder);
  }

  // ---- the rest as the fake host does it ----

  @Override
  public String owner() {
    return compute.owner();
  }

  @Override
  public List<ObservedSystem> list() {
    return compute.list();
  }

  @Override
  public Optional<ObservedSystem> inspect(String id) {
    return compute.inspect(id);
  }

  @Override
  public void start(String id) {
    compute.start(id);
  }

  @Override
  public void pause(String id) {
    Bookkeeping b = Bookkeeping.of(stored());
    if (store.require(watched).spec().desiredState() == DesiredState.Running) {
      // only a host shutdown pauses a definition that is to run
      require(b.hostShutdown() == HostShutdownAction.Save, "that the host shutdown saves " + id);
    }
    compute.pause(id);
  }

  @Override
  public void pauseToSave(String id) {
    pause(id);
  }

  @Override
  public void resume(String id) {
    if (!(Bookkeeping.of(stored()).life() instanceof IncarnationState.Planned)) {
      // a system of a stored incarnation is resumed only once the status says it is paused
      require(stored().phase() == Phase.Paused, "that " + id + " is paused");
    }
    compute.resume(id);
  }

  @Override
  public void save(String id, String stateFile) {
    require(
        Bookkeeping.of(stored()).made(Grants.GRANT).contains(id + " " + stateFile),
        "the grant of " + stateFile + " to " + id + " in the record");
    compute.save(id, stateFile);
  }

  @Override
  public int createProcess(String id, ProcessSpec process) {
    return compute.createProcess(id, process);
  }

  @Override
  public boolean watched(String id) {
    return compute.watched(id);
  }

  @Override
  public String document(SystemSpec spec) {
    return compute.document(spec);
  }

  @Override
  public HostInfo probe() {
    return compute.probe();
  }

  @Override
  public Subscription subscribe(Consumer<HostEvent> listener) {
    return compute.subscribe(listener);
  }

  @Override
  public void deleteDisk(String path) {
    resources.deleteDisk(path);
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    resources.deleteEndpoint(endpointId);
  }

  @Override
  public boolean networkExists(String name) {
    return resources.networkExists(name);
  }

  @Override
  public void ensureNetwork(NetworkRequest request) {
    resources.ensureNetwork(request);
  }

  @Override
  public void deleteNetwork(String name) {
    resources.deleteNetwork(name);
  }

  @Override
  public void unregisterHvSocket(String serviceId) {
    resources.unregisterHvSocket(serviceId);
  }

  @Override
  public void ensureStateFile(String path) {
    resources.ensureStateFile(path);
  }

  @Override
  public void ensureGuestStateFile(String path) {
    resources.ensureGuestStateFile(path);
  }

  @Override
  public void grantAccess(String systemId, String path) {
    resources.grantAccess(systemId, path);
  }

  @Override
  public List<String> diskChain(String path) {
    return resources.diskChain(path);
  }

  @Override
  public void revokeAccess(String systemId, String path) {
    resources.revokeAccess(systemId, path);
  }

  @Override
  public void deleteFile(String path) {
    resources.deleteFile(path);
  }

  @Override
  public OptionalInt runProcess(String id, ProcessSpec process, Duration timeout) {
    return compute.runProcess(id, process, timeout);
  }

  @Override
  public Optional<String> address(String id) {
    return compute.address(id);
  }

  @Override
  public Optional<String> endpointAddress(String endpointId) {
    return resources.endpointAddress(endpointId);
  }

  @Override
  public boolean fileExists(String path) {
    return resources.fileExists(path);
  }

  @Override
  public void deleteEmptyDirectory(String path) {
    resources.deleteEmptyDirectory(path);
  }

  @Override
  public List<dev.hcsorchestrator.host.ListedEndpoint> listEndpoints() {
    return resources.listEndpoints();
  }

  @Override
  public List<String> subfolders(String path) {
    return resources.subfolders(path);
  }

  @Override
  public List<String> files(String path) {
    return resources.files(path);
  }

  @Override
  public List<dev.hcsorchestrator.host.ListedNetwork> listNetworks() {
    return resources.listNetworks();
  }

  @Override
  public List<String> listNamespaces() {
    return containers.listNamespaces();
  }

  @Override
  public boolean holdsScratch(String folder) {
    return containers.holdsScratch(folder);
  }
}
