package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HostFiles;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/**
 * {@link HostResources} over the DLL-level interfaces: virtdisk for disks, HCN for networks and
 * endpoints, the socket registry, computecore for state files. Every ensure is idempotent and every
 * delete treats "not found" as done. Failures are classified and timed like compute operations. The
 * network side is {@link HcsNetworkResources}, the file side {@link HcsFileResources}.
 */
public final class HcsHostResources implements HostResources {

  private final HcsNetworkResources net;
  private final HcsFileResources files;

  /** Without path confinement: for tests whose paths name no real host. */
  public HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry) {
    this(disks, network, sockets, core, owner, registry, PathGuard.NONE, HostFiles.JDK);
  }

  /**
   * @param paths files are made and deleted only inside its storage root; a parent disk must lie in
   *     an allowed root
   */
  public HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry,
      StoragePaths paths) {
    this(disks, network, sockets, core, owner, registry, new PathGuard(paths), HostFiles.JDK);
  }

  /**
   * @param deletion how files are deleted (the simulated host's knows its disks held open)
   */
  public HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry,
      StoragePaths paths,
      HostFiles deletion) {
    this(disks, network, sockets, core, owner, registry, new PathGuard(paths), deletion);
  }

  private HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry,
      PathGuard guard,
      HostFiles deletion) {
    HostOperations operations = new HostOperations(registry);
    this.net = new HcsNetworkResources(network, sockets, owner, operations);
    this.files = new HcsFileResources(disks, core, operations, guard, deletion);
  }

  @Override
  public String ensureDisk(DiskRequest request) {
    return files.ensureDisk(request);
  }

  @Override
  public void deleteDisk(String path) {
    files.deleteDisk(path);
  }

  @Override
  public Endpoint ensureEndpoint(EndpointRequest request) {
    return net.ensureEndpoint(request);
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    net.deleteEndpoint(endpointId);
  }

  @Override
  public Optional<String> endpointAddress(String endpointId) {
    return net.endpointAddress(endpointId);
  }

  @Override
  public boolean networkExists(String name) {
    return net.networkExists(name);
  }

  @Override
  public void ensureNetwork(NetworkRequest request) {
    net.ensureNetwork(request);
  }

  @Override
  public void deleteNetwork(String name) {
    net.deleteNetwork(name);
  }

  @Override
  public void unregisterHvSocket(String serviceId) {
    net.unregisterHvSocket(serviceId);
  }

  @Override
  public void ensureStateFile(String path) {
    files.ensureStateFile(path);
  }

  @Override
  public void ensureGuestStateFile(String path) {
    files.ensureGuestStateFile(path);
  }

  @Override
  public void grantAccess(String systemId, String path) {
    files.grantAccess(systemId, path);
  }

  @Override
  public List<String> diskChain(String path) {
    return files.diskChain(path);
  }

  @Override
  public void revokeAccess(String systemId, String path) {
    files.revokeAccess(systemId, path);
  }

  @Override
  public void deleteFile(String path) {
    files.deleteFile(path);
  }

  @Override
  public boolean fileExists(String path) {
    return files.fileExists(path);
  }

  @Override
  public void deleteEmptyDirectory(String path) {
    files.deleteEmptyDirectory(path);
  }

  @Override
  public List<ListedNetwork> listNetworks() {
    return net.listNetworks();
  }

  @Override
  public List<ListedEndpoint> listEndpoints() {
    return net.listEndpoints();
  }

  @Override
  public List<String> subfolders(String path) {
    return files.subfolders(path);
  }

  @Override
  public List<String> names(String path) {
    return files.names(path);
  }

  @Override
  public boolean isFolder(String path) {
    return files.isFolder(path);
  }

  @Override
  public List<String> files(String path) {
    return files.files(path);
  }
}
