package dev.hcsorchestrator.host;

import java.util.List;

/**
 * What a process-isolated container needs on the host beside its compute system: an HCN namespace
 * holding its endpoints (the document's {@code Networking.Namespace}) and a mounted writable layer
 * volume (its {@code Storage.Path}). Made before the first incarnation, kept across incarnations,
 * removed with the definition. Every ensure is idempotent and every remove treats "not found" as
 * done. Order of use: network, endpoints ({@link HostResources}), {@link #ensureNamespace}, {@link
 * #addNamespaceEndpoint} per endpoint, {@link #ensureScratch}, then create the container; on
 * delete, after the system is gone: {@link #removeNamespaceEndpoint} per endpoint, delete the
 * endpoints, {@link #deleteNamespace}, {@link #deleteScratch}.
 */
public interface ContainerResources {

  /** Creates the namespace with this GUID unless it exists. */
  void ensureNamespace(String namespaceId);

  /** Puts the endpoint into the namespace unless it is there already. */
  void addNamespaceEndpoint(String namespaceId, String endpointId);

  /** Takes the endpoint out of the namespace; done when either is gone or it is not in it. */
  void removeNamespaceEndpoint(String namespaceId, String endpointId);

  /** The endpoint GUIDs the namespace holds (lower case); empty when it does not exist. */
  List<String> namespaceEndpoints(String namespaceId);

  /** Deletes the namespace; done when it is gone. Remove its endpoints first. */
  void deleteNamespace(String namespaceId);

  /**
   * The writable layer volume in {@code request.folder()} over the read-only layers: creates,
   * formats, attaches and initializes it as needed, and attaches the storage filter. A layer folder
   * that does not exist fails naming it.
   */
  ScratchVolume ensureScratch(ScratchRequest request);

  /** Detaches the filter and the disk and deletes the scratch disk; done when it is gone. */
  void deleteScratch(String folder);

  /** Every HCN namespace on the host (ids lower case), whoever made it. */
  List<String> listNamespaces();

  /**
   * Whether {@code folder} holds a scratch (its disk or one of the files {@link #ensureScratch}
   * writes beside it), so {@link #deleteScratch} has something to remove.
   */
  boolean holdsScratch(String folder);
}
