package dev.hcsorchestrator.host;

import java.util.List;
import java.util.Optional;

/**
 * Resources a compute system needs and that outlive it: disks, network endpoints, Hyper-V socket
 * registrations. Every {@code ensure} is idempotent and every {@code delete} treats "not found" as
 * done, so the reconciler can repeat them after any crash.
 */
public interface HostResources {

  /** Creates the disk at {@code request.path()} unless it exists; returns the path. */
  String ensureDisk(DiskRequest request);

  void deleteDisk(String path);

  /** Creates the endpoint with this id unless it exists; returns it with its MAC address. */
  Endpoint ensureEndpoint(EndpointRequest request);

  void deleteEndpoint(String endpointId);

  /**
   * The IP address HCN assigned to the endpoint (its first {@code IpConfigurations} entry); empty
   * when it has none or there is no such endpoint.
   */
  Optional<String> endpointAddress(String endpointId);

  /** Whether a network of this name exists on the host. */
  boolean networkExists(String name);

  /** Creates a declared network unless one of that name exists. */
  void ensureNetwork(NetworkRequest request);

  void deleteNetwork(String name);

  void unregisterHvSocket(String serviceId);

  /** Creates an empty VM runtime state file (.vmrs) for a save, unless it exists. */
  void ensureStateFile(String path);

  /**
   * Creates an empty VM guest state file (.vmgs: UEFI variables, boot order, Secure Boot state)
   * unless it exists. HCS opens it with the VM's {@code GuestState.GuestStateFilePath}.
   */
  void ensureGuestStateFile(String path);

  /**
   * HcsGrantVmAccess: lets the worker process of compute system {@code systemId} open {@code path}
   * (a disk, every parent of a differencing chain, an ISO, a guest or runtime state file, a restore
   * file). Needed before the system is created; granting again is harmless.
   */
  void grantAccess(String systemId, String path);

  /**
   * The disk at {@code path} and every parent of its differencing chain, nearest first, as virtdisk
   * reports them (each disk's resolved parent location, walked until a disk has none). A VM's
   * worker process opens all of them, so each needs a grant. A disk that does not exist (yet) is
   * the whole chain.
   */
  List<String> diskChain(String path);

  /** HcsRevokeVmAccess; a file that is gone has no grant left, so that counts as done. */
  void revokeAccess(String systemId, String path);

  void deleteFile(String path);

  /** Whether a file the host would open (a disk or image used as is) exists. */
  boolean fileExists(String path);

  /** Deletes a folder if it exists and is empty; one that still holds anything is left alone. */
  void deleteEmptyDirectory(String path);

  /**
   * Every HCN endpoint on the host, of any owner, with its {@code Owner} and {@code Name}: the
   * resync's orphan sweep keeps the ones carrying this service's owner that no definition claims
   * and removes them.
   */
  List<ListedEndpoint> listEndpoints();

  /**
   * The names of the folders directly in {@code path} (links left out), sorted; empty when it does
   * not exist.
   */
  List<String> subfolders(String path);

  /**
   * The names of everything directly in {@code path}, in no order, without looking up what each
   * entry is (a folder of many entries is listed without one file system call per entry); empty
   * when it does not exist. A caller that needs only a few of them checks those with {@link
   * #isFolder}. By default, the folders.
   */
  default List<String> names(String path) {
    return subfolders(path);
  }

  /**
   * Whether {@code path} is a folder, a link not counting as one (as {@link #subfolders} leaves
   * links out). By default, whether its parent's folders name it.
   */
  default boolean isFolder(String path) {
    java.nio.file.Path p = java.nio.file.Path.of(path);
    return p.getParent() != null
        && subfolders(p.getParent().toString()).contains(p.getFileName().toString());
  }

  /**
   * The names of the regular files directly in {@code path} (links left out), sorted; empty when it
   * does not exist.
   */
  List<String> files(String path);

  /**
   * Every HCN network on the host, of any owner, with its {@code Owner} and {@code Name}: the
   * resync removes the ones carrying this service's owner that are no longer declared.
   */
  List<ListedNetwork> listNetworks();
}
