package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.SharedStorageProperties;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fleet's rules on a spec that Bean Validation cannot express: {@code placement} gives exactly
 * one of {@code host} and {@code hostLabels}; {@code failover: true} needs {@code
 * hcs.storage.shared-root} set and every file the definition names under one of {@code
 * hcs.storage.shared-roots}, since another host must find them at the same path.
 */
final class FleetRules {

  private FleetRules() {}

  static void check(DefinitionSpec spec, SharedStorageProperties shared, FieldErrors e) {
    PlacementSpec placement = spec.placement();
    if (placement != null && (placement.host() == null) == (placement.hostLabels() == null)) {
      e.add("placement", "must give exactly one of host, hostLabels");
    }
    if (!spec.failsOver()) {
      return;
    }
    if (shared == null || shared.sharedRoot() == null) {
      e.add(
          "failover",
          "needs hcs.storage.shared-root (storage every host sees at the same path) configured");
    }
    List<Path> roots =
        shared == null
            ? List.of()
            : shared.sharedRoots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
    VirtualMachineSpec vm = spec.virtualMachine();
    if (vm != null && vm.disks() != null) {
      for (int i = 0; i < vm.disks().size(); i++) {
        DiskSpec d = vm.disks().get(i);
        if (d != null) {
          String p = "virtualMachine.disks[" + i + "]";
          shared(e, roots, p + ".parent", d.parent());
          shared(e, roots, p + ".path", d.path());
          shared(e, roots, p + ".iso", d.iso());
        }
      }
    }
    ContainerSpec c = spec.container();
    if (c != null) {
      if (c.layers() != null) {
        for (int i = 0; i < c.layers().size(); i++) {
          shared(e, roots, "container.layers[" + i + "]", c.layers().get(i));
        }
      }
      if (c.mappedDirectories() != null) {
        for (int i = 0; i < c.mappedDirectories().size(); i++) {
          MappedDirectorySpec m = c.mappedDirectories().get(i);
          if (m != null) {
            shared(e, roots, "container.mappedDirectories[" + i + "].hostPath", m.hostPath());
          }
        }
      }
    }
  }

  private static void shared(FieldErrors e, List<Path> roots, String field, String file) {
    if (file == null) {
      return;
    }
    try {
      Path path = Path.of(file).toAbsolutePath().normalize();
      if (roots.stream().anyMatch(path::startsWith)) {
        return;
      }
    } catch (InvalidPathException ignored) {
      // PathRules reports the path itself
    }
    e.add(field, "must be under one of hcs.storage.shared-roots for a failover definition");
  }
}
