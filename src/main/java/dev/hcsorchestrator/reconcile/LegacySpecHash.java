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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The system hash releases before {@link SpecHash} stored: 32 hex digits of the SHA-256 of the spec
 * records' {@code toString()}. Kept only to recognise, after an upgrade, that a running system is
 * made from the current spec. The text is rebuilt here field by field as those records printed it,
 * so that fields added to the records later do not change it.
 */
final class LegacySpecHash {

  private static final Pattern LEGACY = Pattern.compile("[0-9a-f]{32}");

  private LegacySpecHash() {}

  static boolean isLegacy(String hash) {
    return LEGACY.matcher(hash).matches();
  }

  static String of(DefinitionSpec spec) {
    ContainerSpec c = spec.container();
    return hash(
        spec.kind() + "|" + vm(spec.virtualMachine()) + "|" + (c == null ? "-" : container(c)));
  }

  private static String vm(VirtualMachineSpec v) {
    if (v == null) {
      return "null";
    }
    return "VirtualMachineSpec[processors="
        + v.processors()
        + ", memoryMB="
        + v.memoryMB()
        + ", disks="
        + list(v.disks(), LegacySpecHash::disk)
        + ", networkAdapters="
        + list(v.networkAdapters(), LegacySpecHash::adapter)
        + ", hvSockets="
        + list(v.hvSockets(), LegacySpecHash::socket)
        + "]";
  }

  private static String disk(DiskSpec d) {
    return "DiskSpec[name="
        + d.name()
        + ", parent="
        + d.parent()
        + ", sizeGB="
        + d.sizeGB()
        + ", path="
        + d.path()
        + ", iso="
        + d.iso()
        + ", readOnly="
        + d.readOnly()
        + "]";
  }

  private static String adapter(NetworkAdapterSpec a) {
    return "NetworkAdapterSpec[name="
        + a.name()
        + ", network="
        + a.network()
        + ", macAddress="
        + a.macAddress()
        + "]";
  }

  private static String socket(HvSocketSpec s) {
    return "HvSocketSpec[serviceId=" + s.serviceId() + ", name=" + s.name() + "]";
  }

  private static String mapped(MappedDirectorySpec m) {
    return "MappedDirectorySpec[hostPath="
        + m.hostPath()
        + ", containerPath="
        + m.containerPath()
        + ", readOnly="
        + m.readOnly()
        + "]";
  }

  private static String container(ContainerSpec c) {
    Map<String, String> env = c.environment() == null ? null : new TreeMap<>(c.environment());
    return "ContainerSpec[layers="
        + list(c.layers(), layer -> layer)
        + ", command="
        + c.command()
        + ", workingDirectory="
        + c.workingDirectory()
        + ", environment="
        + env
        + ", processors="
        + c.processors()
        + ", memoryMB="
        + c.memoryMB()
        + ", networkAdapters="
        + list(c.networkAdapters(), LegacySpecHash::adapter)
        + ", mappedDirectories="
        + list(c.mappedDirectories(), LegacySpecHash::mapped)
        + "]";
  }

  /** As {@code List.toString()} printed it. */
  private static <T> String list(List<T> values, Function<T, String> each) {
    if (values == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      T v = values.get(i);
      out.append(i == 0 ? "" : ", ").append(v == null ? "null" : each.apply(v));
    }
    return out.append(']').toString();
  }

  private static String hash(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
