package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.config.SharedStorageProperties;
import dev.hcsorchestrator.config.StoragePaths;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every rule of the definition field table (README.md) that one spec can be checked against on its
 * own, for every caller: first the sizes of its lists ({@link SpecBounds}), then the Bean
 * Validation annotations of the request records, then the rules spanning fields ({@link PathRules},
 * {@link StringRules}, {@link NetworkRules} and the cross-field rules below). Collects one {@link
 * DefinitionException.FieldError} per broken rule. It reads the file system (owner-named paths) and
 * never the store or the host: the checks against other definitions ({@link DiskClaims}, names)
 * follow under the write lock, and a network only the host has is the reconciler's to check.
 */
@Component
class DefinitionValidator {

  // The annotations' messages are literal; no expression language needed to interpolate them.
  private static final ValidatorFactory FACTORY =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory();

  private final Validator beans = FACTORY.getValidator();
  private final PathRules paths;
  // null: no shared storage, so failover definitions are refused
  private final SharedStorageProperties shared;

  @Autowired
  DefinitionValidator(HcsProperties properties, SharedStorageProperties shared) {
    this.paths = new PathRules(StoragePaths.of(properties, shared), properties.dataDir());
    this.shared = shared;
  }

  /** Without shared storage: a failover definition is refused. */
  DefinitionValidator(HcsProperties properties) {
    this(properties, null);
  }

  /**
   * What the checks of one spec found, for the checks against other definitions that follow under
   * the write lock: the owner-named files it uses.
   */
  record Checked(List<DiskClaims.Use> uses) {}

  /**
   * Validates a new definition, or a replacement when {@code storedKind} is the stored one's (its
   * {@code kind} may not change); {@code pathName} is the URL's name when there is one. Reads the
   * file system (owner-named paths, links resolved) and nothing else: call it before any lock.
   */
  Checked validate(DefinitionSpec spec, String pathName, Kind storedKind) {
    return check(spec, pathName, storedKind);
  }

  /** Validates a new definition. */
  Checked validate(DefinitionSpec spec, String pathName) {
    return check(spec, pathName, null);
  }

  /** A replacement's kind, checked again under the lock against the row it replaces. */
  static void requireKind(DefinitionSpec spec, Kind storedKind) {
    if (spec.kind() != null && spec.kind() != storedKind) {
      FieldErrors e = new FieldErrors();
      e.add("kind", "is immutable: the definition is a " + storedKind);
      e.throwIfAny();
    }
  }

  /** A declared network on its own: every broken rule at once ({@link NetworkRules}). */
  void validateNetwork(Network network) {
    validateNetwork(network, List.of());
  }

  /** A declared network, also against the other declared networks. */
  void validateNetwork(Network network, Collection<Network> others) {
    FieldErrors e = new FieldErrors();
    e.addAll(beans.validate(network));
    NetworkRules.check(network, others, e);
    e.throwIfAny();
  }

  /** The JSON path of a map entry, in bracket notation: keys may hold spaces, dots, slashes. */
  static String entry(String map, String key) {
    return FieldErrors.entry(map, key);
  }

  private Checked check(DefinitionSpec spec, String pathName, Kind storedKind) {
    FieldErrors e = new FieldErrors();
    if (spec == null) {
      e.add("", "a definition body is required");
      e.throwIfAny();
    }
    SpecBounds.check(spec);
    e.addAll(beans.validate(spec));
    StringRules.clean(spec, "", e);
    String name = spec.name() != null ? spec.name() : pathName;
    if (name == null) {
      e.add("name", "must not be null");
    } else if (!name.matches(SpecRules.NAME)) {
      e.add("name", SpecRules.NAME_MESSAGE);
    }
    if (pathName != null && spec.name() != null && !spec.name().equals(pathName)) {
      e.add("name", "must equal the name in the path ('" + StringRules.shown(pathName) + "')");
    }
    if (storedKind != null && spec.kind() != null && spec.kind() != storedKind) {
      e.add("kind", "is immutable: the definition is a " + storedKind);
    }
    if (spec.desiredState() != null
        && spec.desiredState().virtualMachineOnly()
        && spec.kind() == Kind.Container) {
      e.add("desiredState", spec.desiredState() + " applies to a VirtualMachine only");
    }
    if (spec.hostShutdownAction() != null
        && spec.hostShutdownAction().virtualMachineOnly()
        && spec.kind() == Kind.Container) {
      e.add(
          "hostShutdownAction",
          spec.hostShutdownAction()
              + " applies to a VirtualMachine only (a container has no saved state)");
    }
    parts(e, spec);
    HealthCheckRules.check(spec, e);
    FleetRules.check(spec, shared, e);
    List<DiskClaims.Use> uses = new ArrayList<>();
    if (spec.virtualMachine() != null) {
      virtualMachine(e, spec.virtualMachine(), uses);
    }
    if (spec.container() != null) {
      container(e, spec.container());
    }
    e.throwIfAny();
    return new Checked(List.copyOf(uses));
  }

  private static void parts(FieldErrors e, DefinitionSpec spec) {
    if (spec.kind() == Kind.VirtualMachine) {
      if (spec.virtualMachine() == null) {
        e.add("virtualMachine", "is required for kind VirtualMachine");
      }
      if (spec.container() != null) {
        e.add("container", "must be absent for kind VirtualMachine");
      }
    } else if (spec.kind() == Kind.Container) {
      if (spec.container() == null) {
        e.add("container", "is required for kind Container");
      }
      if (spec.virtualMachine() != null) {
        e.add("virtualMachine", "must be absent for kind Container");
      }
    }
  }

  private void virtualMachine(FieldErrors e, VirtualMachineSpec vm, List<DiskClaims.Use> uses) {
    String p = "virtualMachine";
    even(e, p + ".memoryMB", vm.memoryMB());
    List<DiskSpec> disks = vm.disks() == null ? List.of() : vm.disks();
    Set<String> names = new HashSet<>();
    Map<Object, String> attached = new HashMap<>();
    for (int i = 0; i < disks.size(); i++) {
      String dp = p + ".disks[" + i + "]";
      DiskSpec d = disks.get(i);
      if (d == null) {
        continue;
      }
      unique(e, dp + ".name", d.name(), names);
      long given =
          Stream.of(d.parent(), d.sizeGB(), d.path(), d.iso()).filter(x -> x != null).count();
      if (given != 1) {
        e.add(dp, "must give exactly one of parent, sizeGB, path, iso");
      }
      paths
          .check(e, dp + ".parent", d.parent(), PathRules.FileKind.VIRTUAL_DISK)
          .ifPresent(real -> uses.add(DiskClaims.Use.of(real, dp + ".parent", d.parent(), false)));
      boolean writable = !Boolean.TRUE.equals(d.readOnly());
      paths
          .check(e, dp + ".path", d.path(), PathRules.FileKind.VIRTUAL_DISK)
          .ifPresent(
              real ->
                  attach(
                      e,
                      attached,
                      uses,
                      DiskClaims.Use.of(real, dp + ".path", d.path(), writable)));
      if (d.iso() != null && Boolean.FALSE.equals(d.readOnly())) {
        e.add(dp + ".readOnly", "must not be false for an ISO");
      }
      paths
          .check(e, dp + ".iso", d.iso(), PathRules.FileKind.ISO)
          .ifPresent(
              real ->
                  attach(e, attached, uses, DiskClaims.Use.of(real, dp + ".iso", d.iso(), false)));
    }
    adapters(e, p + ".networkAdapters", vm.networkAdapters());
  }

  /** One VM attaches one file once (by any of its names): HCS cannot open it twice. */
  private static void attach(
      FieldErrors e, Map<Object, String> attached, List<DiskClaims.Use> uses, DiskClaims.Use use) {
    String before = attached.putIfAbsent(use.identity(), use.field());
    if (before == null && !use.identity().equals(use.realPath())) {
      before = attached.putIfAbsent(use.realPath(), use.field());
    }
    if (before != null) {
      e.add(use.field(), "names the same file as " + before);
    }
    uses.add(use);
  }

  private void container(FieldErrors e, ContainerSpec c) {
    String p = "container";
    List<String> layers = c.layers() == null ? List.of() : c.layers();
    Map<String, Integer> seenLayers = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      String field = p + ".layers[" + i + "]";
      Optional<Path> real = paths.check(e, field, layers.get(i), PathRules.FileKind.ANY);
      if (real.isPresent()) {
        Integer first = seenLayers.putIfAbsent(real.get().toString(), i);
        if (first != null) {
          e.add(field, "names the same folder as " + p + ".layers[" + first + "]");
        }
      }
    }
    if (c.workingDirectory() != null && !StringRules.windowsAbsolute(c.workingDirectory(), true)) {
      e.add(p + ".workingDirectory", StringRules.CONTAINER_PATH_MESSAGE);
    }
    StringRules.environment(c.environment(), p + ".environment", e);
    even(e, p + ".memoryMB", c.memoryMB());
    adapters(e, p + ".networkAdapters", c.networkAdapters());
    List<MappedDirectorySpec> mapped =
        c.mappedDirectories() == null ? List.of() : c.mappedDirectories();
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < mapped.size(); i++) {
      String mp = p + ".mappedDirectories[" + i + "]";
      MappedDirectorySpec m = mapped.get(i);
      if (m == null) {
        continue;
      }
      paths.check(e, mp + ".hostPath", m.hostPath(), PathRules.FileKind.MAPPED_FOLDER);
      String target = m.containerPath();
      if (target != null && !target.isBlank()) {
        if (!StringRules.windowsAbsolute(target, false)) {
          e.add(mp + ".containerPath", StringRules.CONTAINER_PATH_MESSAGE + ", not a drive root");
        } else {
          String key = target.replace('/', '\\').replaceAll("\\\\+$", "").toLowerCase(Locale.ROOT);
          Integer first = targets.putIfAbsent(key, i);
          if (first != null) {
            e.add(
                mp + ".containerPath",
                "is mapped twice (also by " + p + ".mappedDirectories[" + first + "])");
          }
        }
      }
    }
  }

  private void adapters(FieldErrors e, String p, List<NetworkAdapterSpec> adapters) {
    if (adapters == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    Set<String> macs = new HashSet<>();
    for (int i = 0; i < adapters.size(); i++) {
      String ap = p + "[" + i + "]";
      NetworkAdapterSpec a = adapters.get(i);
      if (a == null) {
        continue;
      }
      unique(e, ap + ".name", a.name(), names);
      String mac = a.macAddress();
      if (mac != null && mac.matches(SpecRules.MAC)) {
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
          e.add(ap + ".macAddress", "must be a unicast address (lowest bit of the first octet 0)");
        } else if (mac.equals("00-00-00-00-00-00")) {
          e.add(ap + ".macAddress", "must not be all zeros");
        } else if (!macs.add(mac)) {
          e.add(ap + ".macAddress", "must be unique ('" + mac + "' is given twice)");
        }
      }
    }
  }

  /** Names that broke no pattern must also be unique within their list. */
  private static void unique(FieldErrors e, String field, String name, Set<String> seen) {
    if (name != null && name.matches(SpecRules.NAME) && !seen.add(name)) {
      e.add(field, "must be unique ('" + name + "' is given twice)");
    }
  }

  private static void even(FieldErrors e, String field, Long value) {
    if (value != null && value % 2 != 0) {
      e.add(field, SpecRules.MEMORY_MESSAGE);
    }
  }
}
