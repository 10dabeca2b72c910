package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.ProcessSpec;
import dev.hcsorchestrator.host.ScratchVolume;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/** Turns a definition into host vocabulary: the system spec, its disk paths and its process. */
final class SystemSpecs {

  private final Path storageRoot;
  private final Path sharedRoot;
  private final Predicate<UUID> failsOver;

  SystemSpecs(Path storageRoot) {
    this(storageRoot, null, id -> false);
  }

  /**
   * @param sharedRoot {@code hcs.storage.shared-root}, where a failover definition's own files are
   *     (every host of the fleet finds them there); null: none
   * @param failsOver whether a definition is a failover definition
   */
  SystemSpecs(Path storageRoot, Path sharedRoot, Predicate<UUID> failsOver) {
    this.storageRoot = storageRoot;
    this.sharedRoot = sharedRoot;
    this.failsOver = failsOver;
  }

  /**
   * The folder holding everything a definition owns on disk: {@code <storage root>/<id>}, or {@code
   * <shared root>/<id>} for a failover definition when a shared root is set. Every file the service
   * makes is derived from the id, a validated resource name and the incarnation, and checked after
   * normalisation to lie directly in this folder ({@link StoragePaths#within}): a name that would
   * lead elsewhere (stored before names were checked) throws instead.
   */
  Path folder(UUID id) {
    Path root = sharedRoot != null && failsOver.test(id) ? sharedRoot : storageRoot;
    return StoragePaths.within(root, id.toString());
  }

  /** Where a created ({@code parent} or {@code sizeGB}) disk lives; null for one used as is. */
  String diskPath(UUID id, DiskSpec disk) {
    if (disk.parent() != null || disk.sizeGB() != null) {
      return StoragePaths.within(folder(id), disk.name() + ".vhdx").toString();
    }
    return disk.path() != null ? disk.path() : disk.iso();
  }

  String stateFile(UUID id, long incarnation) {
    return StoragePaths.within(folder(id), "saved-" + incarnation + ".vmrs").toString();
  }

  /** A VM's guest state file (.vmgs), one per definition, kept across incarnations. */
  String guestStateFile(UUID id) {
    return StoragePaths.within(folder(id), "guest-state.vmgs").toString();
  }

  /**
   * The folder of a container's writable layer over these read-only layers ({@code
   * scratch-<hash>}): a scratch is initialized over one set of layers for good, so other layers
   * need another scratch.
   */
  String scratch(UUID id, List<String> layers) {
    String hash = hash(String.join("\n", layers)).substring(0, 12);
    return StoragePaths.within(folder(id), "scratch-" + hash).toString();
  }

  static List<NetworkAdapterSpec> adapters(DefinitionSpec spec) {
    List<NetworkAdapterSpec> a =
        spec.kind() == Kind.Container
            ? (spec.container() == null ? null : spec.container().networkAdapters())
            : (spec.virtualMachine() == null ? null : spec.virtualMachine().networkAdapters());
    return a == null ? List.of() : a;
  }

  static List<DiskSpec> disks(DefinitionSpec spec) {
    VirtualMachineSpec vm = spec.virtualMachine();
    return vm == null || vm.disks() == null ? List.of() : vm.disks();
  }

  static List<HvSocketSpec> hvSockets(DefinitionSpec spec) {
    VirtualMachineSpec vm = spec.virtualMachine();
    return vm == null || vm.hvSockets() == null ? List.of() : vm.hvSockets();
  }

  static String macAddress(UUID id, NetworkAdapterSpec adapter) {
    return adapter.macAddress() != null
        ? adapter.macAddress()
        : SystemIds.macAddress(id, adapter.name());
  }

  /** The spec with the scratch volume the definition's bookkeeping remembers (the served view). */
  SystemSpec build(Definition d, String systemId, String restoreStateFile) {
    return build(d, systemId, restoreStateFile, Bookkeeping.of(d.status()).scratchVolume());
  }

  /**
   * The spec of an incarnation; a container's {@code Storage.Path} and layer ids are those of
   * {@code volume} (as {@code ContainerResources.mountScratch} returned them), absent while it is
   * null or was made over other layers.
   */
  SystemSpec build(Definition d, String systemId, String restoreStateFile, ScratchVolume volume) {
    DefinitionSpec spec = d.spec();
    UUID id = d.id();
    List<SystemSpec.AttachedAdapter> adapters = new ArrayList<>();
    for (NetworkAdapterSpec a : adapters(spec)) {
      adapters.add(
          new SystemSpec.AttachedAdapter(
              a.name(), SystemIds.endpointId(id, a.name()), macAddress(id, a)));
    }
    if (spec.kind() == Kind.Container) {
      ContainerSpec c = spec.container();
      List<SystemSpec.MappedDirectory> mapped = new ArrayList<>();
      if (c.mappedDirectories() != null) {
        for (MappedDirectorySpec m : c.mappedDirectories()) {
          mapped.add(
              new SystemSpec.MappedDirectory(
                  m.hostPath(), m.containerPath(), Boolean.TRUE.equals(m.readOnly())));
        }
      }
      List<String> paths = ScratchDependent.layers(c);
      boolean mounted =
          volume != null
              && volume.layers().stream().map(ScratchVolume.LayerId::path).toList().equals(paths);
      List<ScratchVolume.LayerId> layers =
          mounted
              ? volume.layers()
              : paths.stream().map(p -> new ScratchVolume.LayerId(null, p)).toList();
      return new SystemSpec(
          systemId,
          SystemType.Container,
          c.processors() == null ? 1 : c.processors(),
          c.memoryMB() == null ? 512 : c.memoryMB(),
          List.of(),
          adapters,
          List.of(),
          new SystemSpec.ContainerStorage(
              spec.name(),
              layers,
              scratch(id, paths),
              mounted ? volume.volumePath() : null,
              mapped,
              adapters.isEmpty() ? null : SystemIds.namespaceId(id)),
          null);
    }
    VirtualMachineSpec vm = spec.virtualMachine();
    List<SystemSpec.AttachedDisk> disks = new ArrayList<>();
    for (DiskSpec disk : disks(spec)) {
      boolean iso = disk.iso() != null;
      disks.add(
          new SystemSpec.AttachedDisk(
              diskPath(id, disk), iso, iso || Boolean.TRUE.equals(disk.readOnly())));
    }
    List<String> sockets = hvSockets(spec).stream().map(HvSocketSpec::serviceId).toList();
    return new SystemSpec(
        systemId,
        SystemType.VirtualMachine,
        vm.processors() == null ? 1 : vm.processors(),
        vm.memoryMB() == null ? 1024 : vm.memoryMB(),
        disks,
        adapters,
        sockets,
        null,
        restoreStateFile,
        guestStateFile(id));
  }

  static ProcessSpec process(ContainerSpec c) {
    return new ProcessSpec(
        c.command(),
        c.workingDirectory(),
        c.environment() == null ? Map.of() : new TreeMap<>(c.environment()));
  }

  /**
   * The hash of what the compute system is made from (see {@link SpecHash}): desired state, restart
   * settings and labels excluded, since changing them must not replace a running system.
   */
  static String systemHash(DefinitionSpec spec) {
    return SpecHash.of(spec);
  }

  /** 32 hex digits of the SHA-256 of {@code text}. */
  private static String hash(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
