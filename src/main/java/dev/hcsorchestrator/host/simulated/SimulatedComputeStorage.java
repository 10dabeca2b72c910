package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;

/**
 * computestorage.dll (and the virtdisk attach it needs) simulated: a scratch VHDX (the file the
 * simulated virtdisk made) is formatted, attached as a volume {@code \\?\Volume{GUID}\} derived
 * from its path, initialized over layer folders that must exist and carry the ids {@link #layerId}
 * gives, and given the storage filter. Whether a disk is attached is the simulated virtdisk's
 * answer ({@link SimulatedVirtualDisks#attached}: one notion of "attached" for VM disks and scratch
 * disks); the layer state of each disk is kept as a file. The simulated compute core asks {@link
 * #servesContainerStorage} before it accepts a container document. What Windows refuses is refused:
 * a second filter attach on a filtered volume, a detach of a disk whose volume still has the
 * filter, a container whose {@code Storage.Path} is not a mounted, filtered volume.
 */
public final class SimulatedComputeStorage implements ComputeStorage {

  private static final int ERROR_VIRTDISK_DISK_ALREADY_OWNED = 0xC03A001E;

  /** One scratch disk as the simulated host sees it. */
  record Disk(String vhdPath, boolean formatted, List<Layer> layers, boolean filtered) {}

  private record LayerData(List<Layer> layers) {}

  private final SimulatorStore store;
  private final Map<String, Disk> disks = new ConcurrentHashMap<>();
  private final SimulatedVirtualDisks virtualDisks;
  private final SimulatorFaults faults;

  public SimulatedComputeStorage(Path dir, SimulatedVirtualDisks virtualDisks) {
    this(dir, virtualDisks, new SimulatorFaults());
  }

  /**
   * With {@code faults}: operation {@code LayerMountPath} makes the volume of an attached disk not
   * ready yet ({@code ERROR_NOT_READY}, as a freshly attached VHDX can be on a real host).
   */
  public SimulatedComputeStorage(
      Path dir, SimulatedVirtualDisks virtualDisks, SimulatorFaults faults) {
    this.virtualDisks = virtualDisks;
    this.faults = faults;
    this.store = new SimulatorStore(dir);
    store.load(Disk.class).forEach(d -> disks.put(key(d.vhdPath()), d));
  }

  /**
   * THE SIMULATOR'S OWN ANSWER, not Windows': vmcompute.dll's {@code NameToGuid} algorithm is not
   * published (one public value: {@code NameToGuid("4")} is {@code
   * bd9c3ef9-f239-59b5-a27e-15c523b1d149}, microsoft/hcsshim issue 1072, a name-based version 5
   * GUID whose namespace no public source gives). The simulator answers a version 5 GUID of its own
   * namespace over the folder's last name in UTF-16LE: same name, same id, as on Windows; the value
   * differs from Windows'.
   */
  @Override
  public String layerId(String layerFolder) {
    return nameBasedV5(SIMULATED_LAYER_NAMESPACE, ComputeStorage.folderName(layerFolder));
  }

  // the simulator's own namespace (a random GUID), not Windows'
  private static final UUID SIMULATED_LAYER_NAMESPACE =
      UUID.fromString("5e1d7a0c-3f4b-4c8e-9a21-7b6d0e4f2c13");

  static String nameBasedV5(UUID namespace, String name) {
    try {
      java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
      java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
      java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(sha1.digest());
      long msb = (h.getLong() & ~0xF000L) | 0x5000L;
      long lsb = (h.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(msb, lsb).toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  @Override
  public synchronized void formatWritableLayerVhd(String vhdPath) {
    String fn = "HcsFormatWritableLayerVhd";
    Disk d = open(fn, vhdPath);
    if (attached(d)) {
      throw fail(fn, HResults.E_SHARING_VIOLATION, vhdPath + " is attached");
    }
    put(fn, new Disk(vhdPath, true, null, false));
  }

  @Override
  public synchronized String attachLayerVhd(String vhdPath) {
    String fn = "AttachVirtualDisk";
    Disk d = open(fn, vhdPath);
    if (attached(d)) {
      throw fail(fn, ERROR_VIRTDISK_DISK_ALREADY_OWNED, vhdPath + " is attached already");
    }
    if (!d.formatted()) {
      throw fail(
          "HcsGetLayerVhdMountPath", HResults.E_INVALID_DATA, vhdPath + " has no layer volume");
    }
    virtualDisks.attach(vhdPath);
    put(fn, new Disk(d.vhdPath(), true, d.layers(), false));
    // the disk is attached now, whether or not its volume is there yet
    faults.check("LayerMountPath", "HcsGetLayerVhdMountPath");
    return volume(vhdPath);
  }

  @Override
  public String layerVhdMountPath(String vhdPath) {
    String fn = "HcsGetLayerVhdMountPath";
    Disk d = open(fn, vhdPath);
    if (!attached(d)) {
      throw fail(fn, HResults.E_NOT_FOUND, vhdPath + " is not attached");
    }
    if (!d.formatted()) {
      throw fail(fn, HResults.E_INVALID_DATA, vhdPath + " has no layer volume");
    }
    faults.check("LayerMountPath", fn);
    return volume(vhdPath);
  }

  @Override
  public synchronized void detachLayerVhd(String vhdPath) {
    String fn = "DetachVirtualDisk";
    Disk d = open(fn, vhdPath);
    if (!attached(d)) {
      throw fail(fn, HResults.E_NOT_FOUND, vhdPath + " is not attached");
    }
    if (d.filtered()) {
      throw fail(fn, HResults.E_SHARING_VIOLATION, "the storage filter is still attached");
    }
    virtualDisks.detach(vhdPath);
  }

  @Override
  public synchronized void initializeWritableLayer(
      String writableLayerPath, String layerData, String options) {
    String fn = "HcsInitializeWritableLayer";
    Disk d = mounted(fn, writableLayerPath);
    List<Layer> layers = layers(fn, layerData, true);
    if (d.layers() != null && !d.layers().equals(layers)) {
      throw fail(fn, HResults.HCS_E_INVALID_LAYER, "the volume was initialized over other layers");
    }
    put(fn, new Disk(d.vhdPath(), true, layers, d.filtered()));
  }

  @Override
  public synchronized void attachLayerStorageFilter(String layerPath, String layerData) {
    String fn = "HcsAttachLayerStorageFilter";
    Disk d = mounted(fn, layerPath);
    // the ids the volume was initialized with (checked then), whatever gave them
    List<Layer> layers = layers(fn, layerData, false);
    if (d.layers() == null || !d.layers().equals(layers)) {
      throw fail(
          fn, HResults.HCS_E_INVALID_LAYER, "the volume is not initialized over these layers");
    }
    if (d.filtered()) {
      // hcsshim attaches once per mount and detaches before the next: a second attach is a bug
      // of the caller, refused rather than taken as a no-op (when unsure, refuse)
      throw fail(fn, HResults.E_ALREADY_EXISTS, "the storage filter is attached already");
    }
    put(fn, new Disk(d.vhdPath(), true, layers, true));
  }

  @Override
  public synchronized void detachLayerStorageFilter(String layerPath) {
    String fn = "HcsDetachLayerStorageFilter";
    faults.check("DetachLayer", fn);
    Disk d = mounted(fn, layerPath);
    if (!d.filtered()) {
      throw fail(fn, HResults.E_NOT_FOUND, "no storage filter on " + layerPath);
    }
    put(fn, new Disk(d.vhdPath(), true, d.layers(), false));
  }

  /** Whether {@code volumePath} is a mounted, initialized volume with the storage filter on. */
  public boolean servesContainerStorage(String volumePath) {
    return disks.values().stream()
        .anyMatch(d -> attached(d) && d.filtered() && volume(d.vhdPath()).equals(volumePath));
  }

  private Disk open(String fn, String vhdPath) {
    if (vhdPath == null || !Files.isRegularFile(Path.of(vhdPath))) {
      disks.remove(key(vhdPath));
      throw fail(fn, HResults.E_FILE_NOT_FOUND, "no virtual disk " + vhdPath);
    }
    return disks.getOrDefault(key(vhdPath), new Disk(vhdPath, false, null, false));
  }

  private boolean attached(Disk d) {
    return virtualDisks.attached(d.vhdPath());
  }

  private Disk mounted(String fn, String volumePath) {
    return disks.values().stream()
        .filter(d -> attached(d) && volume(d.vhdPath()).equals(volumePath))
        .findFirst()
        .orElseThrow(
            () -> fail(fn, HResults.E_PATH_NOT_FOUND, "no mounted layer volume " + volumePath));
  }

  /** The layers of a LayerData document: folders that exist, each with its {@link #layerId}. */
  private List<Layer> layers(String fn, String layerData, boolean idsFromNameToGuid) {
    LayerData data;
    try {
      data = HcsJson.lenient(layerData, LayerData.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw fail(fn, HResults.E_INVALIDARG, "layer data: " + e.getMessage());
    }
    if (data == null || data.layers() == null || data.layers().isEmpty()) {
      throw fail(fn, HResults.E_INVALIDARG, "layer data names no layer");
    }
    for (Layer layer : data.layers()) {
      if (layer.path() == null || !Files.isDirectory(Path.of(layer.path()))) {
        throw fail(
            fn, HResults.E_PATH_NOT_FOUND, "layer folder " + layer.path() + " does not exist");
      }
      if (idsFromNameToGuid && !Objects.equals(layerId(layer.path()), layer.id())) {
        throw fail(
            fn, HResults.HCS_E_INVALID_LAYER, "layer " + layer.path() + " has id " + layer.id());
      }
    }
    return List.copyOf(data.layers());
  }

  private void put(String fn, Disk d) {
    try {
      store.write(key(d.vhdPath()), d);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, e.toString());
    }
    disks.put(key(d.vhdPath()), d);
  }

  private static String volume(String vhdPath) {
    return "\\\\?\\Volume{" + key(vhdPath) + "}\\";
  }

  private static String key(String vhdPath) {
    return UUID.nameUUIDFromBytes(
            ("vhd:" + Objects.toString(vhdPath, "")).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static HcsException fail(String fn, int hresult, String message) {
    return new HcsException(fn, hresult, message, null);
  }
}
