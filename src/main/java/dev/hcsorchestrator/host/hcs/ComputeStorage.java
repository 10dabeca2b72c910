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
   * The id a read-only layer is given in every call and in the document: a name-based GUID of the
   * folder's name, so the same folder always has the same id. hcsshim uses vmcompute.dll's {@code
   * NameToGuid} for this ({@code wclayer.LayerID}); that export is undocumented and absent from the
   * SDK headers, so it is not called: HCS needs the id unique per layer and equal in the layer data
   * and in {@code Storage.Layers}.
   */
  default String layerId(String layerFolder) {
    java.nio.file.Path name = java.nio.file.Path.of(layerFolder).getFileName();
    String folder = name == null ? layerFolder : name.toString();
    return java.util
        .UUID
        .nameUUIDFromBytes(
            ("hcs-layer:" + folder).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
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

  /** HcsDestroyLayer: removes a layer folder the service made. */
  void destroyLayer(String layerPath);
}
