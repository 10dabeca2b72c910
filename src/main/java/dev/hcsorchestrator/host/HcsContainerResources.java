package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import dev.hcsorchestrator.host.hcs.schema.HcnModifyRequest;
import dev.hcsorchestrator.host.hcs.schema.HcnNamespace;
import dev.hcsorchestrator.host.hcs.schema.HcnNetwork;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.Layer;
import dev.hcsorchestrator.host.hcs.schema.PathType;
import dev.hcsorchestrator.host.hcs.schema.Version;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ContainerResources} over HCN (namespaces) and computestorage with virtdisk (the scratch
 * volume, hcsshim's computestorage flow): create the VHDX, format it as a writable layer, attach
 * it, initialize the volume over the layers, attach the storage filter. Two marker files beside the
 * disk record the steps that must not be repeated (formatted; initialized, with the layer data), so
 * an ensure after any crash resumes where it stopped.
 */
public final class HcsContainerResources implements ContainerResources {

  static final String DISK = "scratch.vhdx";
  static final String FORMATTED = "scratch.formatted";
  static final String INITIALIZED = "scratch.initialized";
  private static final Version LAYER_SCHEMA = new Version(2, 1);
  // hcsshim (internal/layers/wcow_mount.go, mountProcessIsolatedWCIFSLayers): 5 tries, 100 ms
  static final int MOUNT_ATTEMPTS = 5;
  static final Duration MOUNT_RETRY_DELAY = Duration.ofMillis(100);

  private record LayerData(Version schemaVersion, List<Layer> layers) {}

  private final ComputeNetwork network;
  private final ComputeStorage storage;
  private final VirtualDisks disks;
  private final HostOperations operations;

  public HcsContainerResources(
      ComputeNetwork network, ComputeStorage storage, VirtualDisks disks, MeterRegistry registry) {
    this.network = network;
    this.storage = storage;
    this.disks = disks;
    this.operations = new HostOperations(registry);
  }

  @Override
  public void ensureNamespace(String namespaceId) {
    operations.run(
        "ensure_namespace",
        null,
        () -> {
          if (namespace(namespaceId) != null) {
            return;
          }
          try {
            network.createNamespace(
                namespaceId,
                HcsJson.write(new HcnNamespace(null, "Host", null, HcnNetwork.HCN_SCHEMA)));
          } catch (HcsException e) {
            if (HResults.normalize(e.hresult()) != HResults.E_ALREADY_EXISTS) {
              throw e;
            }
          }
        });
  }

  @Override
  public void addNamespaceEndpoint(String namespaceId, String endpointId) {
    operations.run(
        "add_namespace_endpoint",
        null,
        () -> {
          if (endpoints(namespaceId).contains(endpointId.toLowerCase(Locale.ROOT))) {
            return;
          }
          network.modifyNamespace(namespaceId, endpointChange("Add", endpointId));
        });
  }

  @Override
  public void removeNamespaceEndpoint(String namespaceId, String endpointId) {
    operations.run(
        "remove_namespace_endpoint",
        null,
        () -> {
          if (!endpoints(namespaceId).contains(endpointId.toLowerCase(Locale.ROOT))) {
            return;
          }
          try {
            network.modifyNamespace(namespaceId, endpointChange("Remove", endpointId));
          } catch (HcsException e) {
            int hr = HResults.normalize(e.hresult());
            if (hr != HResults.HCN_E_ENDPOINT_NOT_ATTACHED && !HResults.isHcnNotFound(hr)) {
              throw e;
            }
          }
        });
  }

  @Override
  public List<String> namespaceEndpoints(String namespaceId) {
    return operations.call("namespace_endpoints", null, () -> endpoints(namespaceId));
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    operations.run(
        "delete_namespace",
        null,
        () -> {
          try {
            network.deleteNamespace(namespaceId);
          } catch (HcsException e) {
            if (!HResults.isHcnNotFound(e.hresult())) {
              throw e;
            }
          }
        });
  }

  @Override
  public ScratchVolume mountScratch(ScratchRequest request) {
    return operations.call(
        "mount_scratch",
        null,
        () -> {
          List<Layer> layers =
              request.layers().stream()
                  .map(
                      folder -> {
                        if (!Files.isDirectory(Path.of(folder))) {
                          throw new HcsException(
                              "mount_scratch",
                              HResults.E_PATH_NOT_FOUND,
                              "layer folder " + folder + " does not exist",
                              null);
                        }
                        return new Layer(storage.layerId(folder), folder, PathType.AbsolutePath);
                      })
                  .toList();
          String computed = HcsJson.write(new LayerData(LAYER_SCHEMA, layers));
          Path folder = Path.of(request.folder());
          Path vhd = folder.resolve(DISK);
          createDirectories(folder);
          if (!Files.exists(vhd)) {
            disks.createDynamicDisk(vhd.toString(), request.sizeBytes());
          }
          if (!Files.exists(folder.resolve(FORMATTED))) {
            storage.formatWritableLayerVhd(vhd.toString());
            writeMarker(folder.resolve(FORMATTED), "");
          }
          Path initialized = folder.resolve(INITIALIZED);
          // a volume keeps the layer ids it was initialized with: a scratch made before the ids
          // came from NameToGuid goes on with its own (same folders, other ids)
          List<Layer> recorded = Files.exists(initialized) ? recordedLayers(initialized) : null;
          if (recorded != null && samePaths(recorded, layers)) {
            layers = recorded;
          }
          String layerData = recorded == layers ? readMarker(initialized) : computed;
          if (recorded != null && recorded != layers) {
            throw new HcsException(
                "mount_scratch",
                HResults.HCS_E_INVALID_LAYER,
                "the scratch in "
                    + folder
                    + " was made over other layers; it must be deleted first",
                null);
          }
          // attached still (a crash before the unmount): detached first, never attached twice
          unmount(vhd);
          String volume = attach(vhd);
          if (!Files.exists(initialized)) {
            storage.initializeWritableLayer(volume, layerData, null);
            writeMarker(initialized, layerData);
          }
          storage.attachLayerStorageFilter(volume, layerData);
          return new ScratchVolume(
              volume,
              layers.stream().map(l -> new ScratchVolume.LayerId(l.id(), l.path())).toList());
        });
  }

  /**
   * Attaches the disk and returns its volume. The attach succeeds before the volume may be there
   * ({@code ERROR_NOT_READY} from the mount path): it is asked for again, a bounded number of
   * times, as hcsshim does for a freshly attached scratch.
   */
  private String attach(Path vhd) {
    HcsException notReady;
    try {
      return storage.attachLayerVhd(vhd.toString());
    } catch (HcsException e) {
      if (!notReady(e)) {
        throw e;
      }
      notReady = e;
    }
    for (int attempt = 1; attempt < MOUNT_ATTEMPTS; attempt++) {
      waitBriefly(MOUNT_RETRY_DELAY);
      try {
        return storage.layerVhdMountPath(vhd.toString());
      } catch (HcsException e) {
        if (!notReady(e)) {
          throw e;
        }
        notReady = e;
      }
    }
    throw notReady;
  }

  @Override
  public void unmountScratch(String folder) {
    operations.run("unmount_scratch", null, () -> unmount(Path.of(folder).resolve(DISK)));
  }

  /**
   * Filter first, then disk (a disk whose volume still has the filter cannot be detached). A filter
   * that was never attached (a crash between the two attaches) fails its detach with a code no page
   * documents: the disk is detached anyway, and only if that fails too is the filter's error the
   * one reported.
   */
  private void unmount(Path vhd) {
    if (!Files.exists(vhd)) {
      return;
    }
    String volume = mountPathOrNull(vhd);
    if (volume == null) {
      return;
    }
    HcsException filter = null;
    try {
      storage.detachLayerStorageFilter(volume);
    } catch (HcsException e) {
      filter = e;
    }
    try {
      storage.detachLayerVhd(vhd.toString());
    } catch (HcsException e) {
      throw filter != null ? filter : e;
    }
  }

  @Override
  public void deleteScratch(String folder) {
    operations.run(
        "delete_scratch",
        null,
        () -> {
          Path dir = Path.of(folder);
          Path vhd = dir.resolve(DISK);
          unmount(vhd);
          try {
            Files.deleteIfExists(vhd);
            Files.deleteIfExists(dir.resolve(FORMATTED));
            Files.deleteIfExists(dir.resolve(INITIALIZED));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch in " + folder, e);
          }
        });
  }

  private static List<Layer> recordedLayers(Path marker) {
    try {
      LayerData data = HcsJson.lenient(readMarker(marker), LayerData.class);
      return data == null || data.layers() == null ? List.of() : data.layers();
    } catch (RuntimeException unreadable) {
      return List.of(); // not ours to interpret: refused below as other layers
    }
  }

  private static boolean samePaths(List<Layer> a, List<Layer> b) {
    return a.stream().map(Layer::path).toList().equals(b.stream().map(Layer::path).toList());
  }

  private static boolean notReady(HcsException e) {
    int hr = HResults.normalize(e.hresult());
    return hr == HResults.E_NOT_READY || hr == HResults.E_DEVICE_NOT_CONNECTED;
  }

  private static void waitBriefly(Duration delay) {
    try {
      Thread.sleep(delay.toMillis()); // a bounded wait for the volume, as hcsshim's 100 ms
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a scratch volume", e);
    }
  }

  /** The volume of the attached disk, or null when it is not attached. */
  private String mountPathOrNull(Path vhd) {
    try {
      return storage.layerVhdMountPath(vhd.toString());
    } catch (HcsException notAttached) {
      // HcsGetLayerVhdMountPath has no documented "not attached" code: any failure means that
      return null;
    }
  }

  private HcnNamespace namespace(String id) {
    try {
      return HcsJson.lenient(network.queryNamespaceProperties(id, null), HcnNamespace.class);
    } catch (HcsException e) {
      if (HResults.isHcnNotFound(e.hresult())) {
        return null;
      }
      throw e;
    }
  }

  private List<String> endpoints(String namespaceId) {
    HcnNamespace ns = namespace(namespaceId);
    if (ns == null || ns.resources() == null) {
      return List.of();
    }
    return ns.resources().stream()
        .filter(r -> "Endpoint".equalsIgnoreCase(r.type()) && r.data() != null)
        .map(r -> r.data().id().toLowerCase(Locale.ROOT))
        .toList();
  }

  private static String endpointChange(String requestType, String endpointId) {
    return HcsJson.write(
        new HcnModifyRequest(
            "Endpoint",
            requestType,
            HcsJson.lenientMapper().valueToTree(Map.of("EndpointId", endpointId))));
  }

  private static void createDirectories(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
  }

  private static void writeMarker(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String readMarker(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public List<String> listNamespaces() {
    return operations.call(
        "list_namespaces",
        null,
        () ->
            HcsNetworkResources.ids(
                    network.enumerateNamespaces(
                        HcsJson.write(
                            new dev.hcsorchestrator.host.hcs.schema.HcnQuery(
                                HcnNetwork.HCN_SCHEMA, 0, null))))
                .stream()
                .map(id -> id.toLowerCase(Locale.ROOT))
                .toList());
  }

  @Override
  public boolean holdsScratch(String folder) {
    try {
      Path dir = Path.of(folder);
      return Files.exists(dir.resolve(DISK))
          || Files.exists(dir.resolve(FORMATTED))
          || Files.exists(dir.resolve(INITIALIZED));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }
}
