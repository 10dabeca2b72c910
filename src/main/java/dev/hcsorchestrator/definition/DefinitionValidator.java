package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.HcsProperties;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every rule of API.md's field table, checked on submit for every caller. Collects one {@link
 * DefinitionException.FieldError} per broken rule.
 */
@Component
class DefinitionValidator {

  static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  static final Pattern LABEL_KEY = Pattern.compile("^[a-zA-Z0-9._/-]{1,63}$");
  static final Pattern MAC = Pattern.compile("^([0-9A-F]{2}-){5}[0-9A-F]{2}$");
  static final Pattern GUID =
      Pattern.compile(
          "^\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?$");
  static final Pattern PRINTABLE = Pattern.compile("^[^\\p{Cntrl}]{1,64}$");
  static final Pattern NETWORK_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$");
  static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

  static final int MAX_LABELS = 64;
  static final int MAX_LABEL_VALUE = 256;
  static final int MAX_DISKS = 64;
  static final int MAX_ADAPTERS = 8;
  static final int MAX_SOCKETS = 16;
  static final int MAX_LAYERS = 127;
  static final int MAX_COMMAND = 32767;
  static final long MAX_MEMORY_MB = 12_582_912L;

  private final HcsProperties properties;
  private final ObjectProvider<HostNetworks> hostNetworks;
  private final Predicate<String> declaredNetworks;

  @Autowired
  DefinitionValidator(
      HcsProperties properties,
      ObjectProvider<HostNetworks> hostNetworks,
      NetworkRepository declaredNetworks) {
    this(properties, hostNetworks, declaredNetworks::existsById);
  }

  DefinitionValidator(
      HcsProperties properties,
      ObjectProvider<HostNetworks> hostNetworks,
      Predicate<String> declaredNetworks) {
    this.properties = properties;
    this.hostNetworks = hostNetworks;
    this.declaredNetworks = declaredNetworks;
  }

  /** Validates a new definition; {@code pathName} is the URL's name when there is one. */
  void validate(DefinitionSpec spec, String pathName) {
    throwIfAny(check(spec, pathName));
  }

  /** Validates a replacement: as {@link #validate}, and {@code kind} may not change. */
  void validateReplacement(DefinitionSpec spec, String pathName, Kind storedKind) {
    Errors errors = check(spec, pathName);
    if (spec != null && spec.kind() != null && spec.kind() != storedKind) {
      errors.add("kind", "is immutable: the definition is a " + storedKind);
    }
    throwIfAny(errors);
  }

  /**
   * A declared network: every broken rule at once. A NAT network needs a subnet and a gateway (the
   * host's address on it); for Internal and Transparent both are optional, but a gateway needs a
   * subnet. The subnet is a network address (no host bits), the gateway a host address inside it,
   * and the subnet must not overlap the subnet of another declared network ({@code others}).
   */
  void validateNetwork(Network network, Collection<Network> others) {
    Errors e = new Errors();
    if (network.name() == null || !NETWORK_NAME.matcher(network.name()).matches()) {
      e.add("name", "must match " + NETWORK_NAME.pattern());
    }
    if (network.type() == null) {
      e.add("type", "must be one of NAT, Internal, Transparent");
    }
    boolean nat = network.type() == Network.NetworkType.NAT;
    long[] subnet = null;
    if (network.subnet() == null) {
      if (nat || network.gateway() != null) {
        e.add("subnet", nat ? "is required for a NAT network" : "is required with a gateway");
      }
    } else {
      subnet = cidr(network.subnet());
      if (subnet == null) {
        e.add("subnet", "must be an IPv4 CIDR such as 172.30.0.0/24");
      } else if ((subnet[0] & ~subnet[1] & 0xFFFFFFFFL) != 0) {
        e.add(
            "subnet",
            "must be a network address without host bits, such as "
                + dotted(subnet[0] & subnet[1])
                + "/"
                + network.subnet().split("/")[1]);
        subnet = null;
      } else {
        for (Network other : others) {
          long[] theirs = other.subnet() == null ? null : cidr(other.subnet());
          if (!other.name().equals(network.name()) && theirs != null && overlap(subnet, theirs)) {
            e.add(
                "subnet",
                "overlaps the subnet " + other.subnet() + " of network '" + other.name() + "'");
          }
        }
      }
    }
    if (network.gateway() == null) {
      if (nat) {
        e.add("gateway", "is required for a NAT network");
      }
    } else if (!IPV4.matcher(network.gateway()).matches()) {
      e.add("gateway", "must be an IPv4 address");
    } else if (subnet != null) {
      long gateway = ipv4(network.gateway());
      long broadcast = subnet[0] | (~subnet[1] & 0xFFFFFFFFL);
      if ((gateway & subnet[1]) != subnet[0]) {
        e.add("gateway", "must lie inside the subnet " + network.subnet());
      } else if (subnet[1] < 0xFFFFFFFEL && (gateway == subnet[0] || gateway == broadcast)) {
        // A /31 or /32 has no network or broadcast address to keep free.
        e.add("gateway", "must not be the subnet's network or broadcast address");
      }
    }
    throwIfAny(e);
  }

  /** {network, mask} of an IPv4 CIDR, or null if it is none. */
  private static long[] cidr(String value) {
    String[] parts = value.split("/", -1);
    if (parts.length != 2 || !IPV4.matcher(parts[0]).matches() || !isInt(parts[1], 0, 32)) {
      return null;
    }
    int prefix = Integer.parseInt(parts[1]);
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new long[] {ipv4(parts[0]), mask};
  }

  private static boolean overlap(long[] a, long[] b) {
    long common = a[1] & b[1];
    return (a[0] & common) == (b[0] & common);
  }

  private static String dotted(long address) {
    return (address >> 24 & 0xFF)
        + "."
        + (address >> 16 & 0xFF)
        + "."
        + (address >> 8 & 0xFF)
        + "."
        + (address & 0xFF);
  }

  /** The JSON path of a map entry, in bracket notation: keys may hold spaces, dots, slashes. */
  static String entry(String map, String key) {
    return map + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  private Errors check(DefinitionSpec spec, String pathName) {
    Errors e = new Errors();
    if (spec == null) {
      e.add("", "a definition body is required");
      return e;
    }
    String name = spec.name() != null ? spec.name() : pathName;
    if (name == null) {
      e.add("name", "must not be null");
    } else if (!NAME.matcher(name).matches()) {
      e.add("name", "must match " + NAME.pattern());
    }
    if (pathName != null && spec.name() != null && !spec.name().equals(pathName)) {
      e.add("name", "must equal the name in the path ('" + pathName + "')");
    }
    if (spec.kind() == null) {
      e.add("kind", "must be VirtualMachine or Container");
    }
    if (spec.desiredState() != null
        && spec.desiredState().virtualMachineOnly()
        && spec.kind() == Kind.Container) {
      e.add("desiredState", spec.desiredState() + " applies to a VirtualMachine only");
    }
    range(e, "maxRestarts", spec.maxRestarts(), 0, 10000, false);
    range(e, "shutdownTimeoutSeconds", spec.shutdownTimeoutSeconds(), 0, 3600, false);
    labels(e, spec.labels());

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
    if (spec.virtualMachine() != null) {
      virtualMachine(e, spec.virtualMachine());
    }
    if (spec.container() != null) {
      container(e, spec.container());
    }
    return e;
  }

  private void labels(Errors e, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    if (labels.size() > MAX_LABELS) {
      e.add("labels", "at most " + MAX_LABELS + " pairs");
    }
    labels.forEach(
        (k, v) -> {
          if (!LABEL_KEY.matcher(k).matches()) {
            e.add(entry("labels", k), "key must match " + LABEL_KEY.pattern());
          }
          if (v == null) {
            e.add(entry("labels", k), "value must not be null");
          } else if (v.length() > MAX_LABEL_VALUE) {
            e.add(entry("labels", k), "value must be at most " + MAX_LABEL_VALUE + " characters");
          }
        });
  }

  private void virtualMachine(Errors e, VirtualMachineSpec vm) {
    String p = "virtualMachine";
    range(e, p + ".processors", vm.processors(), 1, 240, true);
    memory(e, p + ".memoryMB", vm.memoryMB(), true);
    List<DiskSpec> disks = vm.disks();
    if (disks == null || disks.isEmpty() || disks.size() > MAX_DISKS) {
      e.add(p + ".disks", "must hold 1.." + MAX_DISKS + " disks");
    }
    if (disks != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < disks.size(); i++) {
        String dp = p + ".disks[" + i + "]";
        DiskSpec d = disks.get(i);
        if (d == null) {
          e.add(dp, "must not be null");
          continue;
        }
        name(e, dp + ".name", d.name(), names);
        long given =
            Stream.of(d.parent(), d.sizeGB(), d.path(), d.iso()).filter(x -> x != null).count();
        if (given != 1) {
          e.add(dp, "must give exactly one of parent, sizeGB, path, iso");
        }
        range(e, dp + ".sizeGB", d.sizeGB(), 1, 65536, false);
        path(e, dp + ".parent", d.parent());
        path(e, dp + ".path", d.path());
        path(e, dp + ".iso", d.iso());
      }
    }
    adapters(e, p + ".networkAdapters", vm.networkAdapters());
    List<HvSocketSpec> sockets = vm.hvSockets();
    if (sockets != null) {
      if (sockets.size() > MAX_SOCKETS) {
        e.add(p + ".hvSockets", "at most " + MAX_SOCKETS + " sockets");
      }
      for (int i = 0; i < sockets.size(); i++) {
        String sp = p + ".hvSockets[" + i + "]";
        HvSocketSpec s = sockets.get(i);
        if (s == null) {
          e.add(sp, "must not be null");
          continue;
        }
        if (s.serviceId() == null || !GUID.matcher(s.serviceId()).matches()) {
          e.add(sp + ".serviceId", "must be a GUID");
        }
        if (s.name() == null || !PRINTABLE.matcher(s.name()).matches()) {
          e.add(sp + ".name", "must be 1..64 printable characters");
        }
      }
    }
  }

  private void container(Errors e, ContainerSpec c) {
    String p = "container";
    List<String> layers = c.layers();
    if (layers == null || layers.isEmpty() || layers.size() > MAX_LAYERS) {
      e.add(p + ".layers", "must hold 1.." + MAX_LAYERS + " folder paths");
    }
    if (layers != null) {
      for (int i = 0; i < layers.size(); i++) {
        if (layers.get(i) == null) {
          e.add(p + ".layers[" + i + "]", "must not be null");
        } else {
          path(e, p + ".layers[" + i + "]", layers.get(i));
        }
      }
    }
    if (c.command() == null || c.command().isEmpty() || c.command().length() > MAX_COMMAND) {
      e.add(p + ".command", "must be 1.." + MAX_COMMAND + " characters");
    }
    if (c.environment() != null) {
      c.environment()
          .forEach(
              (k, v) -> {
                if (k.isEmpty() || k.indexOf('=') >= 0) {
                  e.add(p + ".environment", "variable names must be non-empty and free of '='");
                }
                if (v == null) {
                  e.add(entry(p + ".environment", k), "must not be null");
                }
              });
    }
    range(e, p + ".processors", c.processors(), 1, 240, false);
    memory(e, p + ".memoryMB", c.memoryMB(), false);
    adapters(e, p + ".networkAdapters", c.networkAdapters());
    List<MappedDirectorySpec> mapped = c.mappedDirectories();
    if (mapped != null) {
      for (int i = 0; i < mapped.size(); i++) {
        String mp = p + ".mappedDirectories[" + i + "]";
        MappedDirectorySpec m = mapped.get(i);
        if (m == null) {
          e.add(mp, "must not be null");
          continue;
        }
        if (m.hostPath() == null) {
          e.add(mp + ".hostPath", "must not be null");
        } else {
          path(e, mp + ".hostPath", m.hostPath());
        }
        if (m.containerPath() == null || m.containerPath().isBlank()) {
          e.add(mp + ".containerPath", "must not be blank");
        }
      }
    }
  }

  private void adapters(Errors e, String p, List<NetworkAdapterSpec> adapters) {
    if (adapters == null) {
      return;
    }
    if (adapters.size() > MAX_ADAPTERS) {
      e.add(p, "at most " + MAX_ADAPTERS + " network adapters");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < adapters.size(); i++) {
      String ap = p + "[" + i + "]";
      NetworkAdapterSpec a = adapters.get(i);
      if (a == null) {
        e.add(ap, "must not be null");
        continue;
      }
      name(e, ap + ".name", a.name(), names);
      if (a.network() == null || a.network().isBlank()) {
        e.add(ap + ".network", "must not be blank");
      } else if (!networkExists(a.network())) {
        e.add(ap + ".network", "names neither a declared network nor one on the host");
      }
      if (a.macAddress() != null && !MAC.matcher(a.macAddress()).matches()) {
        e.add(ap + ".macAddress", "must match " + MAC.pattern());
      }
    }
  }

  private boolean networkExists(String network) {
    if (declaredNetworks.test(network)) {
      return true;
    }
    HostNetworks host = hostNetworks.getIfAvailable();
    return host != null && host.exists(network);
  }

  private static void name(Errors e, String field, String name, Set<String> seen) {
    if (name == null || name.isBlank() || name.length() > 64) {
      e.add(field, "must be 1..64 characters");
    } else if (!seen.add(name)) {
      e.add(field, "must be unique ('" + name + "' is given twice)");
    }
  }

  /**
   * Absolute, no {@code ..} segment, inside the storage root or an image root (this OS's rules).
   */
  private void path(Errors e, String field, String value) {
    if (value == null) {
      return;
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException ex) {
      e.add(field, "is not a valid path on this host");
      return;
    }
    if (!path.isAbsolute()) {
      e.add(field, "must be an absolute path");
      return;
    }
    for (Path segment : path) {
      if (segment.toString().equals("..")) {
        e.add(field, "must not contain a '..' segment");
        return;
      }
    }
    Path normalized = path.normalize();
    boolean inside =
        Stream.concat(
                Stream.of(properties.storageRoot()), properties.storage().imageRoots().stream())
            .map(root -> root.toAbsolutePath().normalize())
            .anyMatch(normalized::startsWith);
    if (!inside) {
      e.add(field, "must lie inside hcs.storage.root or one of hcs.storage.image-roots");
    }
  }

  private static void range(
      Errors e, String field, Integer value, int min, int max, boolean required) {
    if (value == null) {
      if (required) {
        e.add(field, "must not be null");
      }
    } else if (value < min || value > max) {
      e.add(field, "must be between " + min + " and " + max);
    }
  }

  private static void memory(Errors e, String field, Long value, boolean required) {
    if (value == null) {
      if (required) {
        e.add(field, "must not be null");
      }
    } else if (value < 32 || value > MAX_MEMORY_MB || value % 2 != 0) {
      e.add(field, "must be an even number between 32 and " + MAX_MEMORY_MB);
    }
  }

  private static boolean isInt(String s, int min, int max) {
    try {
      int v = Integer.parseInt(s);
      return v >= min && v <= max;
    } catch (NumberFormatException ex) {
      return false;
    }
  }

  private static long ipv4(String address) {
    long value = 0;
    for (String part : address.split("\\.")) {
      value = (value << 8) | Integer.parseInt(part);
    }
    return value;
  }

  private static void throwIfAny(Errors errors) {
    if (!errors.list.isEmpty()) {
      throw new DefinitionException.Invalid(errors.list);
    }
  }

  private static final class Errors {
    private final List<DefinitionException.FieldError> list = new ArrayList<>();

    void add(String field, String message) {
      list.add(new DefinitionException.FieldError(field, message));
    }
  }
}
