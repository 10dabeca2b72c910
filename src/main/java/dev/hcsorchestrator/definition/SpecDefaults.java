package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Applies the documented defaults, so a stored spec never carries a null list or map, and stores a
 * socket's {@code serviceId} in its one canonical form (lower case, no braces).
 */
final class SpecDefaults {

  static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 60;

  private SpecDefaults() {}

  /** Expects a spec that passed validation (no null list elements). */
  static DefinitionSpec apply(DefinitionSpec s) {
    return new DefinitionSpec(
        s.name(),
        s.kind(),
        s.desiredState() != null ? s.desiredState() : DesiredState.Running,
        s.restartPolicy() != null ? s.restartPolicy() : RestartPolicy.Always,
        s.maxRestarts(),
        s.shutdownTimeoutSeconds() != null
            ? s.shutdownTimeoutSeconds()
            : DEFAULT_SHUTDOWN_TIMEOUT_SECONDS,
        s.hostShutdownAction() != null
            ? s.hostShutdownAction()
            : HostShutdownAction.defaultFor(s.kind()),
        sorted(s.labels()),
        s.virtualMachine() == null ? null : vm(s.virtualMachine()),
        s.container() == null ? null : container(s.container()),
        s.healthCheck() == null ? null : s.healthCheck().withDefaults(),
        s.placement(),
        s.failsOver());
  }

  /**
   * A spec as stored: rows written before a field existed get that field's default on read (the
   * {@code hostShutdownAction} of the kind), so every reader sees the explicit value.
   */
  static DefinitionSpec stored(DefinitionSpec s) {
    if (s.hostShutdownAction() != null && s.failover() != null) {
      return s;
    }
    return new DefinitionSpec(
        s.name(),
        s.kind(),
        s.desiredState(),
        s.restartPolicy(),
        s.maxRestarts(),
        s.shutdownTimeoutSeconds(),
        s.hostShutdownAction() != null
            ? s.hostShutdownAction()
            : HostShutdownAction.defaultFor(s.kind()),
        s.labels(),
        s.virtualMachine(),
        s.container(),
        s.healthCheck(),
        s.placement(),
        s.failsOver());
  }

  private static VirtualMachineSpec vm(VirtualMachineSpec v) {
    return new VirtualMachineSpec(
        v.processors(),
        v.memoryMB(),
        list(v.disks(), SpecDefaults::disk),
        list(v.networkAdapters(), UnaryOperator.identity()),
        list(
            v.hvSockets(),
            h -> new HvSocketSpec(SpecRules.canonicalGuid(h.serviceId()), h.name())));
  }

  private static DiskSpec disk(DiskSpec d) {
    return new DiskSpec(
        d.name(),
        d.parent(),
        d.sizeGB(),
        d.path(),
        d.iso(),
        d.readOnly() != null ? d.readOnly() : d.iso() != null);
  }

  private static ContainerSpec container(ContainerSpec c) {
    return new ContainerSpec(
        list(c.layers(), UnaryOperator.identity()),
        c.command(),
        c.workingDirectory(),
        sorted(c.environment()),
        c.processors(),
        c.memoryMB(),
        list(c.networkAdapters(), UnaryOperator.identity()),
        list(c.mappedDirectories(), SpecDefaults::mapped));
  }

  private static MappedDirectorySpec mapped(MappedDirectorySpec m) {
    return new MappedDirectorySpec(
        m.hostPath(), m.containerPath(), m.readOnly() != null && m.readOnly());
  }

  private static <T> List<T> list(List<T> in, UnaryOperator<T> each) {
    return in == null ? List.of() : in.stream().map(each).toList();
  }

  private static Map<String, String> sorted(Map<String, String> in) {
    return in == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(in));
  }
}
