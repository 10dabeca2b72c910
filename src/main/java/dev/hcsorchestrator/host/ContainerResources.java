package dev.hcsorchestrator.host;

import java.util.List;

/**
 * What a process-isolated container needs on the host beside its compute system: an HCN namespace
 * holding its endpoints (the document's {@code Networking.Namespace}) and a mounted writable layer
 * volume (its {@code Storage.Path}). Made before the first incarnation, kept across incarnations,
 * removed with the definition. Every ensure is idempotent and every remove treats "not found" as
 * done. Order of use: network, endpoints ({@link HostResources}), {@link #ensureNamespace}, {@link
 * #addNamespaceEndpoint} per endpoint, {@link #mountScratch}, then create the container; once that
 * system is gone, {@link #unmountScratch} (before the next incarnation mounts it again); on delete,
 * after the system is gone: {@link #removeNamespaceEndpoint} per endpoint, delete the endpoints,
 * {@link #deleteNamespace}, {@link #deleteScratch}.
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
   * Mounts the writable layer in {@code request.folder()} over the read-only layers for one
   * incarnation: creates and formats the disk once, attaches it, waits (bounded) for its volume,
   * initializes the volume once, and attaches the storage filter. Exactly once per incarnation,
   * after {@link #unmountScratch} of the previous one: a disk found attached is unmounted first, so
   * nothing is attached twice. A layer folder that does not exist fails naming it.
   */
  ScratchVolume mountScratch(ScratchRequest request);

  /**
   * Detaches the storage filter, then the disk, once the system that used the volume is gone; done
   * when the disk is not attached (or not there).
   */
  void unmountScratch(String folder);

  /** Unmounts ({@link #unmountScratch}) and deletes the scratch disk; done when it is gone. */
  void deleteScratch(String folder);

  /** Every HCN namespace on the host (ids lower case), whoever made it. */
  List<String> listNamespaces();

  /**
   * Whether {@code folder} holds a scratch (its disk or one of the files {@link #ensureScratch}
   * writes beside it), so {@link #deleteScratch} has something to remove.
   */
  boolean holdsScratch(String folder);
}
