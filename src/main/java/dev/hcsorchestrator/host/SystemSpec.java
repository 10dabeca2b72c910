package dev.hcsorchestrator.host;

import java.util.List;

/**
 * What a compute system is made from, in host vocabulary; the host layer turns it into the HCS
 * document. {@code container} is set for a container and null for a VM; {@code guestStateFile} (VMs
 * only, may be null) becomes {@code GuestState.GuestStateFilePath}.
 */
public record SystemSpec(
    String id,
    SystemType type,
    int processors,
    long memoryMB,
    List<AttachedDisk> disks,
    List<AttachedAdapter> networkAdapters,
    List<String> hvSocketServiceIds,
    ContainerStorage container,
    String restoreStateFile,
    String guestStateFile) {

  /** A spec without a guest state file: the VM's firmware state is then transient. */
  public SystemSpec(
      String id,
      SystemType type,
      int processors,
      long memoryMB,
      List<AttachedDisk> disks,
      List<AttachedAdapter> networkAdapters,
      List<String> hvSocketServiceIds,
      ContainerStorage container,
      String restoreStateFile) {
    this(
        id,
        type,
        processors,
        memoryMB,
        disks,
        networkAdapters,
        hvSocketServiceIds,
        container,
        restoreStateFile,
        null);
  }

  /**
   * This spec with a guest state file (.vmgs, made by {@code HostResources.ensureGuestStateFile}
   * and granted to the system): UEFI variables, boot order and Secure Boot state then survive every
   * incarnation.
   */
  public SystemSpec withGuestStateFile(String path) {
    return new SystemSpec(
        id,
        type,
        processors,
        memoryMB,
        disks,
        networkAdapters,
        hvSocketServiceIds,
        container,
        restoreStateFile,
        path);
  }

  /** A disk or ISO attached to a VM's SCSI controller, in order. */
  public record AttachedDisk(String path, boolean iso, boolean readOnly) {}

  /** A network adapter bound to an HCN endpoint. */
  public record AttachedAdapter(String name, String endpointId, String macAddress) {}

  /**
   * What a process-isolated container is made from beside processors and memory.
   *
   * @param layers the read-only layers, topmost first, each with the id the scratch was initialized
   *     with ({@link ContainerResources#mountScratch}); an id is null before the scratch is made
   * @param scratchFolder the definition-owned folder holding the scratch disk
   * @param volumePath the mounted writable layer volume ({@code \\?\Volume{GUID}\}), the document's
   *     {@code Storage.Path}; null before it is mounted
   * @param namespaceId the HCN namespace holding the container's endpoints ({@code
   *     Networking.Namespace}); null for a container without network
   */
  public record ContainerStorage(
      String hostName,
      List<ScratchVolume.LayerId> layers,
      String scratchFolder,
      String volumePath,
      List<MappedDirectory> mappedDirectories,
      String namespaceId) {}

  /** A host folder visible in the container. */
  public record MappedDirectory(String hostPath, String containerPath, boolean readOnly) {}
}
