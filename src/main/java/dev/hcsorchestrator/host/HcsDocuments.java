package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.schema.Attachment;
import dev.hcsorchestrator.host.hcs.schema.AttachmentType;
import dev.hcsorchestrator.host.hcs.schema.Chipset;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.Container;
import dev.hcsorchestrator.host.hcs.schema.ContainerMemory;
import dev.hcsorchestrator.host.hcs.schema.ContainerProcessor;
import dev.hcsorchestrator.host.hcs.schema.Devices;
import dev.hcsorchestrator.host.hcs.schema.GuestOs;
import dev.hcsorchestrator.host.hcs.schema.GuestState;
import dev.hcsorchestrator.host.hcs.schema.HvSocketServiceConfig;
import dev.hcsorchestrator.host.hcs.schema.HvSocketSystemConfig;
import dev.hcsorchestrator.host.hcs.schema.Layer;
import dev.hcsorchestrator.host.hcs.schema.MappedDirectory;
import dev.hcsorchestrator.host.hcs.schema.NetworkAdapter;
import dev.hcsorchestrator.host.hcs.schema.Networking;
import dev.hcsorchestrator.host.hcs.schema.PathType;
import dev.hcsorchestrator.host.hcs.schema.ProcessParameters;
import dev.hcsorchestrator.host.hcs.schema.RestoreState;
import dev.hcsorchestrator.host.hcs.schema.Scsi;
import dev.hcsorchestrator.host.hcs.schema.Services;
import dev.hcsorchestrator.host.hcs.schema.Storage;
import dev.hcsorchestrator.host.hcs.schema.Topology;
import dev.hcsorchestrator.host.hcs.schema.Uefi;
import dev.hcsorchestrator.host.hcs.schema.UefiBootDevice;
import dev.hcsorchestrator.host.hcs.schema.UefiBootEntry;
import dev.hcsorchestrator.host.hcs.schema.Version;
import dev.hcsorchestrator.host.hcs.schema.VirtualMachine;
import dev.hcsorchestrator.host.hcs.schema.VirtualMachineHvSocket;
import dev.hcsorchestrator.host.hcs.schema.VirtualMachineMemory;
import dev.hcsorchestrator.host.hcs.schema.VirtualMachineProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the HCS documents from host-vocabulary specs (schema 2.1, a VM's at 2.5 where supported).
 * A VM boots UEFI from LUN 0 of its one SCSI controller; its disks take LUNs in order. Systems
 * outlive the service ({@code ShouldTerminateOnLastHandleClosed} false) so that a restarted service
 * adopts them.
 */
final class HcsDocuments {

  /** The SCSI controller every VM disk is attached to. */
  static final String SCSI_CONTROLLER = "primary";

  /** SYSTEM and Administrators: who on the host may bind and connect to a VM's sockets. */
  static final String HV_SOCKET_SDDL = "D:P(A;;FA;;;SY)(A;;FA;;;BA)";

  private HcsDocuments() {}

  static ComputeSystem computeSystem(SystemSpec spec, String owner) {
    return computeSystem(spec, owner, Version.V2_1);
  }

  /**
   * The document for a host that supports schema versions up to {@code hostSchema}: a VM's document
   * is at 2.5 with the integration services (shutdown, heartbeat, time sync, KVP) where the host
   * supports 2.5 (Windows Server 2022 and later), and at 2.1 without them elsewhere, where a
   * graceful shutdown of a plain VM cannot work. A container's document is always at 2.1.
   */
  static ComputeSystem computeSystem(SystemSpec spec, String owner, Version hostSchema) {
    boolean services = spec.type() == SystemType.VirtualMachine && hostSchema.covers(Version.V2_5);
    boolean container = spec.type() == SystemType.Container;
    if (container != (spec.container() != null)) {
      throw new IllegalArgumentException(
          "a "
              + spec.type()
              + " spec "
              + (container ? "needs" : "must not have")
              + " container storage");
    }
    return new ComputeSystem(
        owner,
        services ? Version.V2_5 : Version.V2_1,
        null,
        container ? container(spec) : null,
        container ? null : virtualMachine(spec, services),
        false);
  }

  private static VirtualMachine virtualMachine(SystemSpec spec, boolean services) {
    Map<String, Attachment> attachments = new LinkedHashMap<>();
    List<SystemSpec.AttachedDisk> disks = orEmpty(spec.disks());
    for (int lun = 0; lun < disks.size(); lun++) {
      SystemSpec.AttachedDisk d = disks.get(lun);
      attachments.put(
          Integer.toString(lun),
          new Attachment(
              d.iso() ? AttachmentType.Iso : AttachmentType.VirtualDisk,
              d.path(),
              d.iso() || d.readOnly() ? Boolean.TRUE : null));
    }
    Map<String, NetworkAdapter> adapters = new LinkedHashMap<>();
    for (SystemSpec.AttachedAdapter a : orEmpty(spec.networkAdapters())) {
      adapters.put(a.name(), new NetworkAdapter(a.endpointId(), a.macAddress()));
    }
    VirtualMachineHvSocket hvSocket = null;
    if (!orEmpty(spec.hvSocketServiceIds()).isEmpty()) {
      Map<String, HvSocketServiceConfig> table = new TreeMap<>();
      for (String service : spec.hvSocketServiceIds()) {
        table.put(service, new HvSocketServiceConfig(HV_SOCKET_SDDL, HV_SOCKET_SDDL, true));
      }
      hvSocket =
          new VirtualMachineHvSocket(
              new HvSocketSystemConfig(HV_SOCKET_SDDL, HV_SOCKET_SDDL, table));
    }
    UefiBootEntry boot =
        attachments.isEmpty()
            ? null
            : new UefiBootEntry(UefiBootDevice.ScsiDrive, SCSI_CONTROLLER, 0, null, null);
    Devices devices =
        new Devices(
            attachments.isEmpty() ? null : Map.of(SCSI_CONTROLLER, new Scsi(attachments)),
            adapters.isEmpty() ? null : adapters,
            hvSocket);
    return new VirtualMachine(
        true,
        new Chipset(new Uefi(null, boot, null, null), null),
        new Topology(
            new VirtualMachineMemory(spec.memoryMB(), null),
            new VirtualMachineProcessor(spec.processors(), null, null)),
        devices,
        services ? Services.all() : null,
        spec.guestStateFile() == null ? null : new GuestState(spec.guestStateFile(), null, null),
        spec.restoreStateFile() == null ? null : new RestoreState(spec.restoreStateFile(), null));
  }

  private static Container container(SystemSpec spec) {
    SystemSpec.ContainerStorage storage = spec.container();
    // the ids the scratch was initialized with (ContainerResources.mountScratch): one source
    List<Layer> layers =
        orEmpty(storage.layers()).stream()
            .map(l -> new Layer(l.id(), l.path(), PathType.AbsolutePath))
            .toList();
    List<MappedDirectory> mapped =
        orEmpty(storage.mappedDirectories()).stream()
            .map(
                m ->
                    new MappedDirectory(
                        m.hostPath(), null, m.containerPath(), m.readOnly() ? Boolean.TRUE : null))
            .toList();
    return new Container(
        new GuestOs(storage.hostName()),
        new Storage(layers, storage.volumePath()),
        mapped.isEmpty() ? null : mapped,
        spec.memoryMB() > 0 ? new ContainerMemory(spec.memoryMB()) : null,
        spec.processors() > 0 ? new ContainerProcessor(spec.processors(), null, null) : null,
        // as hcsshim's hcsoci at schema 2: the namespace brings the endpoints it holds
        storage.namespaceId() == null
            ? null
            : new Networking(null, null, storage.namespaceId(), null));
  }

  static ProcessParameters processParameters(ProcessSpec process) {
    Map<String, String> env =
        process.environment() == null || process.environment().isEmpty()
            ? null
            : new TreeMap<>(process.environment());
    return new ProcessParameters(
        null, process.commandLine(), null, process.workingDirectory(), env, null, null, null, null);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
