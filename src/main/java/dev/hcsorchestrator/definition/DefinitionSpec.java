package dev.hcsorchestrator.definition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * What an owner submits: every field of the definition resource (README.md). Optional fields may be
 * null on input; {@link Definitions} stores them with defaults applied. The annotations are the
 * rules Bean Validation can express; {@link DefinitionValidator} adds the cross-field ones.
 */
public record DefinitionSpec(
    // null when the URL names the definition; then the URL's name is checked in code
    @Pattern(regexp = SpecRules.NAME, message = SpecRules.NAME_MESSAGE) String name,
    @NotNull(message = "must be VirtualMachine or Container") Kind kind,
    DesiredState desiredState,
    RestartPolicy restartPolicy,
    @Min(value = 0, message = "must be between 0 and 10000")
        @Max(value = 10000, message = "must be between 0 and 10000")
        Integer maxRestarts,
    @Min(value = 0, message = "must be between 0 and 3600")
        @Max(value = 3600, message = "must be between 0 and 3600")
        Integer shutdownTimeoutSeconds,
    HostShutdownAction hostShutdownAction,
    @Size(max = SpecRules.MAX_LABELS, message = "at most " + SpecRules.MAX_LABELS + " pairs")
        Map<
                @Pattern(
                    regexp = SpecRules.LABEL_KEY,
                    message = "key must match " + SpecRules.LABEL_KEY)
                String,
                @NotNull(message = "value must not be null")
                @Size(
                    max = SpecRules.MAX_LABEL_VALUE,
                    message = "value must be at most " + SpecRules.MAX_LABEL_VALUE + " characters")
                String>
            labels,
    @Valid VirtualMachineSpec virtualMachine,
    @Valid ContainerSpec container,
    @Valid HealthCheckSpec healthCheck,
    @Valid PlacementSpec placement,
    Boolean failover) {

  /** A spec without placement, and without failover. */
  public DefinitionSpec(
      String name,
      Kind kind,
      DesiredState desiredState,
      RestartPolicy restartPolicy,
      Integer maxRestarts,
      Integer shutdownTimeoutSeconds,
      HostShutdownAction hostShutdownAction,
      Map<String, String> labels,
      VirtualMachineSpec virtualMachine,
      ContainerSpec container,
      HealthCheckSpec healthCheck) {
    this(
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
        null,
        null);
  }

  /** {@code failover: true}: may move to another host when its host is lost. */
  public boolean failsOver() {
    return Boolean.TRUE.equals(failover);
  }

  /**
   * A spec without a {@code hostShutdownAction} (the kind's default applies when stored) and
   * without a health check.
   */
  public DefinitionSpec(
      String name,
      Kind kind,
      DesiredState desiredState,
      RestartPolicy restartPolicy,
      Integer maxRestarts,
      Integer shutdownTimeoutSeconds,
      Map<String, String> labels,
      VirtualMachineSpec virtualMachine,
      ContainerSpec container) {
    this(
        name,
        kind,
        desiredState,
        restartPolicy,
        maxRestarts,
        shutdownTimeoutSeconds,
        null,
        labels,
        virtualMachine,
        container,
        null);
  }

  /** The same spec with another name. */
  public DefinitionSpec withName(String newName) {
    return new DefinitionSpec(
        newName,
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

  /** The same spec with another desired state. */
  public DefinitionSpec withDesiredState(DesiredState newState) {
    return new DefinitionSpec(
        name,
        kind,
        newState,
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
