package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
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
 * A {@link FakeHost} in front of which each host call first checks that the state it depends on is
 * already in the store (what a crash right now would leave): the test fails with an {@link
 * AssertionError} (which a pass does not catch) when a write-ahead point is missing.
 */
final class DurableFirstHost implements ComputeHost, HostResources, ContainerResources {

  private final FakeHost host;
  private final InMemoryDefinitions store;
  UUID watched;
  int checks;

  DurableFirstHost(FakeHost host, InMemoryDefinitions store) {
    this.host = host;
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
    host.create(spec);
  }

  @Override
  public void shutDown(String id) {
    require(Bookkeeping.of(stored()).exitRequested(), "that the exit of " + id + " is ours");
    host.shutDown(id);
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
    host.terminate(id);
  }

  @Override
  public String ensureDisk(DiskRequest request) {
    require(
        Bookkeeping.of(stored()).made(Dependents.DISK).contains(request.path()),
        "the disk " + request.path() + " in the record");
    return host.ensureDisk(request);
  }

  @Override
  public Endpoint ensureEndpoint(EndpointRequest request) {
    require(
        Bookkeeping.of(stored()).made(Dependents.ENDPOINT).contains(request.endpointId()),
        "the endpoint " + request.endpointId() + " in the record");
    return host.ensureEndpoint(request);
  }

  @Override
  public void ensureNamespace(String namespaceId) {
    require(
        Bookkeeping.of(stored()).made(NamespaceDependent.NAMESPACE).contains(namespaceId),
        "the namespace " + namespaceId + " in the record");
    host.ensureNamespace(namespaceId);
  }

  @Override
  public void addNamespaceEndpoint(String namespaceId, String endpointId) {
    Bookkeeping b = Bookkeeping.of(stored());
    require(
        b.made(NamespaceDependent.NAMESPACE).contains(namespaceId)
            && b.made(Dependents.ENDPOINT).contains(endpointId),
        "the namespace " + namespaceId + " and the endpoint " + endpointId + " in the record");
    host.addNamespaceEndpoint(namespaceId, endpointId);
  }

  @Override
  public ScratchVolume mountScratch(ScratchRequest request) {
    Bookkeeping b = Bookkeeping.of(stored());
    require(
        b.made(ScratchDependent.SCRATCH).contains(request.folder())
            && b.mountedScratch() != null
            && b.mountedScratch().contains(request.folder()),
        "the scratch " + request.folder() + " in the record, as mounted");
    return host.mountScratch(request);
  }

  @Override
  public void unmountScratch(String folder) {
    host.unmountScratch(folder);
  }

  @Override
  public void removeNamespaceEndpoint(String namespaceId, String endpointId) {
    host.removeNamespaceEndpoint(namespaceId, endpointId);
  }

  @Override
  public List<String> namespaceEndpoints(String namespaceId) {
    return host.namespaceEndpoints(namespaceId);
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    host.deleteNamespace(namespaceId);
  }

  @Override
  public void deleteScratch(String folder) {
    host.deleteScratch(folder);
  }

  // ---- the rest as the fake host does it ----

  @Override
  public String owner() {
    return host.owner();
  }

  @Override
  public List<ObservedSystem> list() {
    return host.list();
  }

  @Override
  public Optional<ObservedSystem> inspect(String id) {
    return host.inspect(id);
  }

  @Override
  public void start(String id) {
    host.start(id);
  }

  @Override
  public void pause(String id) {
    Bookkeeping b = Bookkeeping.of(stored());
    if (store.require(watched).spec().desiredState() == DesiredState.Running) {
      // only a host shutdown pauses a definition that is to run
      require(b.hostShutdown() == HostShutdownAction.Save, "that the host shutdown saves " + id);
    }
    host.pause(id);
  }

  @Override
  public void pauseToSave(String id) {
    pause(id);
  }

  @Override
  public void resume(String id) {
    host.resume(id);
  }

  @Override
  public void save(String id, String stateFile) {
    require(
        Bookkeeping.of(stored()).made(Grants.GRANT).contains(id + " " + stateFile),
        "the grant of " + stateFile + " to " + id + " in the record");
    host.save(id, stateFile);
  }

  @Override
  public int createProcess(String id, ProcessSpec process) {
    return host.createProcess(id, process);
  }

  @Override
  public boolean watched(String id) {
    return host.watched(id);
  }

  @Override
  public String document(SystemSpec spec) {
    return host.document(spec);
  }

  @Override
  public HostInfo probe() {
    return host.probe();
  }

  @Override
  public Subscription subscribe(Consumer<HostEvent> listener) {
    return host.subscribe(listener);
  }

  @Override
  public void deleteDisk(String path) {
    host.deleteDisk(path);
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    host.deleteEndpoint(endpointId);
  }

  @Override
  public boolean networkExists(String name) {
    return host.networkExists(name);
  }

  @Override
  public void ensureNetwork(NetworkRequest request) {
    host.ensureNetwork(request);
  }

  @Override
  public void deleteNetwork(String name) {
    host.deleteNetwork(name);
  }

  @Override
  public void unregisterHvSocket(String serviceId) {
    host.unregisterHvSocket(serviceId);
  }

  @Override
  public void ensureStateFile(String path) {
    host.ensureStateFile(path);
  }

  @Override
  public void ensureGuestStateFile(String path) {
    host.ensureGuestStateFile(path);
  }

  @Override
  public void grantAccess(String systemId, String path) {
    host.grantAccess(systemId, path);
  }

  @Override
  public List<String> diskChain(String path) {
    return host.diskChain(path);
  }

  @Override
  public void revokeAccess(String systemId, String path) {
    host.revokeAccess(systemId, path);
  }

  @Override
  public void deleteFile(String path) {
    host.deleteFile(path);
  }

  @Override
  public OptionalInt runProcess(String id, ProcessSpec process, Duration timeout) {
    return host.runProcess(id, process, timeout);
  }

  @Override
  public Optional<String> address(String id) {
    return host.address(id);
  }

  @Override
  public Optional<String> endpointAddress(String endpointId) {
    return host.endpointAddress(endpointId);
  }

  @Override
  public boolean fileExists(String path) {
    return host.fileExists(path);
  }

  @Override
  public void deleteEmptyDirectory(String path) {
    host.deleteEmptyDirectory(path);
  }

  @Override
  public List<dev.hcsorchestrator.host.ListedEndpoint> listEndpoints() {
    return host.listEndpoints();
  }

  @Override
  public List<String> subfolders(String path) {
    return host.subfolders(path);
  }

  @Override
  public List<dev.hcsorchestrator.host.ListedNetwork> listNetworks() {
    return host.listNetworks();
  }

  @Override
  public List<String> listNamespaces() {
    return host.listNamespaces();
  }

  @Override
  public boolean holdsScratch(String folder) {
    return host.holdsScratch(folder);
  }
}
