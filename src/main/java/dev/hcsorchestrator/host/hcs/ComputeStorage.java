package dev.hcsorchestrator.host.hcs;

/**
 * computestorage.dll (with the virtdisk calls its flow needs) at the string level, for a
 * container's writable (scratch) layer: a VHDX formatted as a layer, attached to the host, its
 * volume ({@code \\?\Volume{GUID}\}) initialized over the read-only layers and given the layer
 * storage filter. That volume is the container document's {@code Storage.Path}. {@code layerData}
 * is the JSON {@code
 * {"SchemaVersion":{"Major":2,"Minor":1},"Layers":[{"Id":..,"Path":..,"PathType": "AbsolutePath"},
 * ...]}}, nearest parent first, base last, with the ids from {@link #layerId}. Failures are {@link
 * HcsException}s with the HRESULT.
 */
public interface ComputeStorage {

  /**
   * The id a read-only layer is given in every call and in the document: on Windows vmcompute.dll's
   * {@code NameToGuid} of the folder's last name, as hcsshim's {@code wclayer.LayerID} computes it
   * (and with it Docker and containerd), so the same folder name always has the same id.
   */
  String layerId(String layerFolder);

  /** The last name of a layer folder (Windows or POSIX separators), as {@code filepath.Base}. */
  static String folderName(String layerFolder) {
    String trimmed = layerFolder.replaceAll("[\\\\/]+$", "");
    int at = Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/'));
    return at < 0 ? trimmed : trimmed.substring(at + 1);
  }

  /** OpenVirtualDisk + HcsFormatWritableLayerVhd: an empty VHDX becomes a writable layer disk. */
  void formatWritableLayerVhd(String vhdPath);

  /**
   * OpenVirtualDisk + AttachVirtualDisk (permanent lifetime, no drive letter) +
   * HcsGetLayerVhdMountPath: attaches the disk to the host and returns its volume path.
   */
  String attachLayerVhd(String vhdPath);

  /** OpenVirtualDisk + HcsGetLayerVhdMountPath: the volume of an attached disk. */
  String layerVhdMountPath(String vhdPath);

  /** OpenVirtualDisk + DetachVirtualDisk. */
  void detachLayerVhd(String vhdPath);

  /** HcsInitializeWritableLayer on the mounted volume over the layers of {@code layerData}. */
  void initializeWritableLayer(String writableLayerPath, String layerData, String options);

  /** HcsAttachLayerStorageFilter: the volume shows the merged view of the layers. */
  void attachLayerStorageFilter(String layerPath, String layerData);

  /** HcsDetachLayerStorageFilter. */
  void detachLayerStorageFilter(String layerPath);
}
