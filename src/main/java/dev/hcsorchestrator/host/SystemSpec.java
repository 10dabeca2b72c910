package dev.hcsorchestrator.host;

import java.util.List;

/**
 * What a compute system is made from, in host vocabulary; the host layer turns it into the HCS
 * document. {@code container} is set for a container and null for a VM.
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
    String restoreStateFile) {

  /** A disk or ISO attached to a VM's SCSI controller, in order. */
  public record AttachedDisk(String path, boolean iso, boolean readOnly) {}

  /** A network adapter bound to an HCN endpoint. */
  public record AttachedAdapter(String name, String endpointId, String macAddress) {}

  /** A process-isolated container's storage: layers topmost first, and its writable layer. */
  public record ContainerStorage(
      String hostName,
      List<String> layers,
      String scratchPath,
      List<MappedDirectory> mappedDirectories) {}

  /** A host folder visible in the container. */
  public record MappedDirectory(String hostPath, String containerPath, boolean readOnly) {}
}
