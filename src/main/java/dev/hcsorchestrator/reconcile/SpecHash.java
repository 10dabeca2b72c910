package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The hash of what a compute system is made from, stored with every incarnation: when a new
 * generation of the spec hashes differently, the running system is replaced.
 *
 * <p>It is computed from an explicit projection of the spec onto what reaches the HCS document and
 * the system's resources, never from a record's text: each field is named here, a missing value
 * takes its default, and a value equal to its default is left out. So a release that adds an
 * optional field to a spec record changes no hash (the field is absent from the projection, or
 * present only when it is not its default), and neither does renaming or reordering record
 * components. The projection is written as JSON with sorted keys and hashed after a version tag,
 * which also prefixes the result ({@code v2:...}); a hash without the prefix was written by a
 * release before this one ({@link LegacySpecHash}) and is compared with that release's rule once.
 * Desired state, restart settings, labels, the host-shutdown action and the health check are left
 * out: changing them never replaces a running system.
 */
final class SpecHash {

  static final int VERSION = 2;
  static final String PREFIX = "v" + VERSION + ":";

  static final int DEFAULT_PROCESSORS = 1;
  static final long DEFAULT_VM_MEMORY_MB = 1024;
  static final long DEFAULT_CONTAINER_MEMORY_MB = 512;

  private SpecHash() {}

  static String of(DefinitionSpec spec) {
    return of(projection(spec));
  }

  /** The hash of a projection (see {@link #projection}); tests extend one to prove the rule. */
  static String of(Map<String, Object> projection) {
    String text = "hcs-orchestrator/system-spec/" + VERSION + "\n" + canonical(projection);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Whether a system whose incarnation stored {@code stored} is made from {@code spec}, whose hash
   * is {@code current}: equal hashes, or an earlier release's hash that its own rule gives for the
   * same spec (after an upgrade, a label or restart-setting change then replaces nothing).
   */
  static boolean sameSystem(String stored, String current, DefinitionSpec spec) {
    if (stored.equals(current)) {
      return true;
    }
    return !stored.startsWith(PREFIX)
        && LegacySpecHash.isLegacy(stored)
        && stored.equals(LegacySpecHash.of(spec));
  }

  /** The fields of {@code spec} that reach the system, defaults applied and left out. */
  static Map<String, Object> projection(DefinitionSpec spec) {
    Fields f = new Fields().put("kind", spec.kind() == null ? null : spec.kind().name());
    VirtualMachineSpec vm = spec.virtualMachine();
    if (vm != null) {
      f.put(
          "virtualMachine",
          new Fields()
              .put("processors", number(vm.processors()), (long) DEFAULT_PROCESSORS)
              .put("memoryMB", vm.memoryMB(), DEFAULT_VM_MEMORY_MB)
              .list("disks", vm.disks(), SpecHash::disk)
              .list("networkAdapters", vm.networkAdapters(), SpecHash::adapter)
              .list("hvSockets", vm.hvSockets(), SpecHash::socket)
              .map());
    }
    ContainerSpec c = spec.container();
    if (c != null) {
      f.put(
          "container",
          new Fields()
              .list("layers", c.layers(), layer -> layer)
              .put("command", c.command())
              .put("workingDirectory", c.workingDirectory())
              .put(
                  "environment",
                  c.environment() == null || c.environment().isEmpty()
                      ? null
                      : new TreeMap<>(c.environment()))
              .put("processors", number(c.processors()), (long) DEFAULT_PROCESSORS)
              .put("memoryMB", c.memoryMB(), DEFAULT_CONTAINER_MEMORY_MB)
              .list("networkAdapters", c.networkAdapters(), SpecHash::adapter)
              .list("mappedDirectories", c.mappedDirectories(), SpecHash::mapped)
              .map());
    }
    return f.map();
  }

  private static Map<String, Object> disk(DiskSpec d) {
    // an ISO is attached read-only whatever the flag says (SystemSpecs.build)
    boolean readOnly = d.iso() != null || Boolean.TRUE.equals(d.readOnly());
    return new Fields()
        .put("name", d.name())
        .put("parent", d.parent())
        .put("sizeGB", number(d.sizeGB()))
        .put("path", d.path())
        .put("iso", d.iso())
        .put("readOnly", readOnly, false)
        .map();
  }

  private static Map<String, Object> adapter(NetworkAdapterSpec a) {
    // no MAC: one derived from the definition's id and the adapter's name
    return new Fields()
        .put("name", a.name())
        .put("network", a.network())
        .put("macAddress", a.macAddress())
        .map();
  }

  private static Map<String, Object> socket(HvSocketSpec s) {
    return new Fields()
        .put("serviceId", s.serviceId() == null ? null : s.serviceId().toLowerCase(Locale.ROOT))
        .put("name", s.name())
        .map();
  }

  private static Map<String, Object> mapped(MappedDirectorySpec m) {
    return new Fields()
        .put("hostPath", m.hostPath())
        .put("containerPath", m.containerPath())
        .put("readOnly", m.readOnly(), false)
        .map();
  }

  private static Long number(Integer value) {
    return value == null ? null : value.longValue();
  }

  /** A projection's fields: an absent value, or one equal to its default, is left out. */
  static final class Fields {
    private final Map<String, Object> fields = new TreeMap<>();

    Fields put(String key, Object value) {
      if (value != null) {
        fields.put(key, value);
      }
      return this;
    }

    Fields put(String key, Object value, Object defaultValue) {
      return put(key, Objects.equals(value, defaultValue) ? null : value);
    }

    /** A list in its order; an absent or empty one is left out. */
    <T> Fields list(String key, List<T> values, Function<T, Object> each) {
      if (values == null || values.isEmpty()) {
        return this;
      }
      List<Object> out = new ArrayList<>(values.size());
      for (T v : values) {
        out.add(v == null ? null : each.apply(v));
      }
      return put(key, out);
    }

    Map<String, Object> map() {
      return fields;
    }
  }

  /** JSON text with object keys sorted; strings, integral numbers, booleans, lists, maps. */
  static String canonical(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        out.append(sep);
        quote(out, e.getKey().toString());
        out.append(':');
        write(out, e.getValue());
        sep = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String sep = "";
      for (Object v : list) {
        out.append(sep);
        write(out, v);
        sep = ",";
      }
      out.append(']');
    } else if (value instanceof String s) {
      quote(out, s);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("Not part of a projection: " + value.getClass());
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    out.append('"');
  }
}
