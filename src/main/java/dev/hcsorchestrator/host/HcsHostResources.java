package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpoint;
import dev.hcsorchestrator.host.hcs.schema.HcnEndpointAddresses;
import dev.hcsorchestrator.host.hcs.schema.HcnIpConfiguration;
import dev.hcsorchestrator.host.hcs.schema.HcnIpam;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcnQuery;
import dev.hcsorchestrator.host.hcs.schema.HcnRoute;
import dev.hcsorchestrator.host.hcs.schema.HcnSubnet;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/**
 * {@link HostResources} over the DLL-level interfaces: virtdisk for disks, HCN for networks and
 * endpoints, the socket registry, computecore for state files. Every ensure is idempotent and every
 * delete treats "not found" as done. Failures are classified and timed like compute operations.
 */
public final class HcsHostResources implements HostResources {

  private final VirtualDisks disks;
  private final ComputeNetwork network;
  private final HvSocketRegistry sockets;
  private final ComputeCore core;
  private final String owner;
  private final HostOperations operations;
  private final PathGuard guard;

  /** Without path confinement: for tests whose paths name no real host. */
  public HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry) {
    this(disks, network, sockets, core, owner, registry, PathGuard.NONE);
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
    this(disks, network, sockets, core, owner, registry, new PathGuard(paths));
  }

  private HcsHostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      String owner,
      MeterRegistry registry,
      PathGuard guard) {
    this.guard = guard;
    this.disks = disks;
    this.network = network;
    this.sockets = sockets;
    this.core = core;
    this.owner = owner;
    this.operations = new HostOperations(registry);
  }

  @Override
  public String ensureDisk(DiskRequest request) {
    return operations.call(
        "ensure_disk",
        null,
        () -> {
          guard.writable("ensure_disk", null, request.path());
          guard.readable("ensure_disk", null, request.parent());
          Path path = Path.of(request.path());
          if (Files.exists(path)) {
            return request.path();
          }
          createParentDirectories(path);
          try {
            if (request.parent() != null) {
              disks.createDifferencingDisk(request.path(), request.parent());
            } else {
              disks.createDynamicDisk(request.path(), request.sizeBytes());
            }
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
          return request.path();
        });
  }

  @Override
  public void deleteDisk(String path) {
    operations.run(
        "delete_disk",
        null,
        () -> {
          guard.writable("delete_disk", null, path);
          deleteIfExists(path);
        });
  }

  @Override
  public Endpoint ensureEndpoint(EndpointRequest request) {
    return operations.call(
        "ensure_endpoint",
        null,
        () -> {
          Endpoint existing = endpoint(request.endpointId());
          if (existing != null) {
            return existing;
          }
          String networkId = networkId(request.network());
          if (networkId == null) {
            throw new HostException.NotFound(
                "ensure_endpoint",
                null,
                HResults.HCN_E_NETWORK_NOT_FOUND,
                "no network named " + request.network() + " on the host",
                null);
          }
          HcnEndpoint settings =
              new HcnEndpoint(
                  request.endpointId(),
                  owner,
                  request.name(),
                  networkId,
                  request.macAddress(),
                  request.ipAddress() == null
                      ? null
                      : List.of(new HcnIpConfiguration(request.ipAddress(), null)),
                  null,
                  HcnNetwork.HCN_SCHEMA);
          network.createEndpoint(networkId, request.endpointId(), HcsJson.write(settings));
          Endpoint created = endpoint(request.endpointId());
          if (created == null) {
            throw new HostException.Unavailable(
                "ensure_endpoint",
                null,
                HResults.HCN_E_ENDPOINT_NOT_FOUND,
                "endpoint " + request.endpointId() + " vanished after its creation",
                null);
          }
          return created;
        });
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    operations.run(
        "delete_endpoint",
        null,
        () -> {
          try {
            network.deleteEndpoint(endpointId);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  @Override
  public Optional<String> endpointAddress(String endpointId) {
    return operations.call(
        "endpoint_address",
        null,
        () -> {
          try {
            HcnEndpointAddresses ep =
                HcsJson.lenient(
                    network.queryEndpointProperties(endpointId, null), HcnEndpointAddresses.class);
            return ep.ipConfigurations() == null
                ? Optional.<String>empty()
                : ep.ipConfigurations().stream()
                    .map(HcnEndpointAddresses.IpConfiguration::ipAddress)
                    .filter(a -> a != null && !a.isBlank())
                    .findFirst();
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (notFound(e)) {
              return Optional.<String>empty();
            }
            throw e;
          }
        });
  }

  @Override
  public boolean networkExists(String name) {
    return operations.call("network_exists", null, () -> networkId(name) != null);
  }

  @Override
  public void ensureNetwork(NetworkRequest request) {
    operations.run(
        "ensure_network",
        null,
        () -> {
          if (networkId(request.name()) != null) {
            return;
          }
          List<HcnIpam> ipams =
              request.subnet() == null
                  ? null
                  : List.of(
                      new HcnIpam(
                          "Static",
                          List.of(
                              new HcnSubnet(
                                  request.subnet(),
                                  request.gateway() == null
                                      ? null
                                      : List.of(new HcnRoute(request.gateway(), "0.0.0.0/0"))))));
          String id = networkGuid(request.name());
          HcnNetwork settings =
              new HcnNetwork(
                  id,
                  owner,
                  request.name(),
                  request.type(),
                  ipams,
                  null,
                  null,
                  HcnNetwork.HCN_SCHEMA);
          try {
            network.createNetwork(id, HcsJson.write(settings));
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.HCN_E_NETWORK_ALREADY_EXISTS) {
              throw e;
            }
          }
        });
  }

  @Override
  public void deleteNetwork(String name) {
    operations.run(
        "delete_network",
        null,
        () -> {
          String id = networkId(name);
          if (id == null) {
            return;
          }
          try {
            network.deleteNetwork(id);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  @Override
  public void registerHvSocket(String serviceId, String name) {
    operations.run("register_hvsocket", null, () -> sockets.register(serviceId, name));
  }

  @Override
  public void unregisterHvSocket(String serviceId) {
    operations.run(
        "unregister_hvsocket",
        null,
        () -> {
          try {
            sockets.unregister(serviceId);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
        });
  }

  @Override
  public void ensureStateFile(String path) {
    operations.run(
        "ensure_state_file",
        null,
        () -> {
          guard.writable("ensure_state_file", null, path);
          Path file = Path.of(path);
          if (Files.exists(file)) {
            return;
          }
          createParentDirectories(file);
          try {
            core.createEmptyRuntimeStateFile(path);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
        });
  }

  @Override
  public void ensureGuestStateFile(String path) {
    operations.run(
        "ensure_guest_state_file",
        null,
        () -> {
          Path file = Path.of(path);
          if (Files.exists(file)) {
            return;
          }
          createParentDirectories(file);
          try {
            core.createEmptyGuestStateFile(path);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_FILE_EXISTS) {
              throw e;
            }
          }
        });
  }

  @Override
  public void grantAccess(String systemId, String path) {
    operations.run("grant_access", systemId, () -> core.grantVmAccess(systemId, path));
  }

  @Override
  public void revokeAccess(String systemId, String path) {
    operations.run(
        "revoke_access",
        systemId,
        () -> {
          try {
            core.revokeVmAccess(systemId, path);
          } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
            int hr = HResults.normalize(e.hresult());
            if (hr != HResults.E_FILE_NOT_FOUND && hr != HResults.E_PATH_NOT_FOUND) {
              throw e;
            }
          }
        });
  }

  @Override
  public void deleteFile(String path) {
    operations.run(
        "delete_file",
        null,
        () -> {
          guard.writable("delete_file", null, path);
          deleteIfExists(path);
        });
  }

  @Override
  public boolean fileExists(String path) {
    try {
      return Files.isRegularFile(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  @Override
  public void deleteEmptyDirectory(String path) {
    operations.run(
        "delete_directory",
        null,
        () -> {
          guard.writable("delete_directory", null, path);
          try {
            Files.deleteIfExists(Path.of(path));
          } catch (DirectoryNotEmptyException e) {
            // something not ours is in it: keep it rather than delete what we did not create
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
          }
        });
  }

  /** The endpoint with this id, or null when HCN has none. */
  private Endpoint endpoint(String id) {
    try {
      HcnEndpoint ep =
          HcsJson.lenient(network.queryEndpointProperties(id, null), HcnEndpoint.class);
      String ip =
          ep.ipConfigurations() == null || ep.ipConfigurations().isEmpty()
              ? null
              : ep.ipConfigurations().get(0).ipAddress();
      return new Endpoint(ep.id() != null ? ep.id() : id, ep.macAddress(), ip);
    } catch (dev.hcsorchestrator.host.hcs.HcsException e) {
      if (notFound(e)) {
        return null;
      }
      throw e;
    }
  }

  /** The GUID of the network with this name, or null. */
  private String networkId(String name) {
    String filter = HcsJson.write(Map.of("Name", name));
    String json =
        network.enumerateNetworks(HcsJson.write(new HcnQuery(HcnNetwork.HCN_SCHEMA, 0, filter)));
    List<String> ids =
        json == null || json.isBlank()
            ? List.of()
            : HcsJson.lenientMapper().readValue(json, new TypeReference<List<String>>() {});
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** A declared network's GUID: derived from its name, so a repeated ensure asks for the same. */
  static String networkGuid(String name) {
    return UUID.nameUUIDFromBytes(("hcs-network:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static boolean notFound(dev.hcsorchestrator.host.hcs.HcsException e) {
    return HResults.isHcnNotFound(e.hresult());
  }

  private static void createParentDirectories(Path path) {
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteIfExists(String path) {
    try {
      Files.deleteIfExists(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
