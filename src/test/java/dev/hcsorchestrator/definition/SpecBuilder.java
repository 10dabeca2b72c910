package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Map;

/**
 * The one way tests build a {@link DefinitionSpec}: start from a valid VM or container and change
 * only what the test is about. {@link #vm(String)} is valid as it stands (one new 1 GB disk);
 * {@link #container(String, String...)} is valid once its layer folders lie under an image root of
 * the service (with no layer given, {@code /images/base}). Every optional field is left out, so the
 * stored defaults apply, unless a test sets it.
 */
public final class SpecBuilder {

  private String name;
  private Kind kind;
  private DesiredState desiredState;
  private RestartPolicy restartPolicy;
  private Integer maxRestarts;
  private Integer shutdownTimeoutSeconds;
  private HostShutdownAction hostShutdownAction;
  private Map<String, String> labels;
  private VirtualMachineSpec virtualMachine;
  private ContainerSpec container;
  private HealthCheckSpec healthCheck;
  private PlacementSpec placement;
  private Boolean failover;

  private SpecBuilder() {}

  /** The VM {@code name}: 1 processor, 512 MB, one new 1 GB disk {@code os}. */
  public static SpecBuilder vm(String name) {
    return bare(name, Kind.VirtualMachine).virtualMachine(1, 512L, disk("os", 1));
  }

  /**
   * The container {@code name} over these layer folders, topmost first (default {@code
   * /images/base}), running {@code cmd}.
   */
  public static SpecBuilder container(String name, String... layers) {
    List<String> l = layers.length == 0 ? List.of("/images/base") : List.of(layers);
    return bare(name, Kind.Container)
        .container(new ContainerSpec(l, "cmd", null, null, null, null, null, null));
  }

  /** Only a name and a kind, without the kind's part: for the rules that refuse what is missing. */
  public static SpecBuilder bare(String name, Kind kind) {
    SpecBuilder b = new SpecBuilder();
    b.name = name;
    b.kind = kind;
    return b;
  }

  /** Every field of {@code s}, to change some. */
  public static SpecBuilder from(DefinitionSpec s) {
    SpecBuilder b = bare(s.name(), s.kind());
    b.desiredState = s.desiredState();
    b.restartPolicy = s.restartPolicy();
    b.maxRestarts = s.maxRestarts();
    b.shutdownTimeoutSeconds = s.shutdownTimeoutSeconds();
    b.hostShutdownAction = s.hostShutdownAction();
    b.labels = s.labels();
    b.virtualMachine = s.virtualMachine();
    b.container = s.container();
    b.healthCheck = s.healthCheck();
    b.placement = s.placement();
    b.failover = s.failover();
    return b;
  }

  /** A disk of {@code gb} GB created empty. */
  public static DiskSpec disk(String name, int gb) {
    return new DiskSpec(name, null, gb, null, null, null);
  }

  public SpecBuilder name(String v) {
    name = v;
    return this;
  }

  public SpecBuilder kind(Kind v) {
    kind = v;
    return this;
  }

  public SpecBuilder desired(DesiredState v) {
    desiredState = v;
    return this;
  }

  public SpecBuilder restart(RestartPolicy v) {
    restartPolicy = v;
    return this;
  }

  public SpecBuilder maxRestarts(Integer v) {
    maxRestarts = v;
    return this;
  }

  public SpecBuilder shutdownTimeout(Integer seconds) {
    shutdownTimeoutSeconds = seconds;
    return this;
  }

  public SpecBuilder hostShutdownAction(HostShutdownAction v) {
    hostShutdownAction = v;
    return this;
  }

  public SpecBuilder labels(Map<String, String> v) {
    labels = v;
    return this;
  }

  public SpecBuilder virtualMachine(VirtualMachineSpec v) {
    virtualMachine = v;
    return this;
  }

  /** A VM part without adapters or sockets. */
  public SpecBuilder virtualMachine(int processors, long memoryMB, DiskSpec... disks) {
    return virtualMachine(new VirtualMachineSpec(processors, memoryMB, List.of(disks), null, null));
  }

  public SpecBuilder container(ContainerSpec v) {
    container = v;
    return this;
  }

  public SpecBuilder healthCheck(HealthCheckSpec v) {
    healthCheck = v;
    return this;
  }

  public SpecBuilder placement(PlacementSpec v) {
    placement = v;
    return this;
  }

  public SpecBuilder failover(Boolean v) {
    failover = v;
    return this;
  }

  public DefinitionSpec build() {
    return new DefinitionSpec(
        name,
        kind,
        desiredState,
        restartPolicy,
        maxRestarts,
        shutdownTimeoutSeconds,
        hostShutdownAction,
        labels,
        virtualMachine,
        container,
        healthCheck,
        placement,
        failover);
  }
}
