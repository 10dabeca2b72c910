package dev.hcsorchestrator.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.PlacementSpec;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A definition as clients see it: the spec plus what the server adds. Internal fields (id, memo,
 * deleting flag, request counters) stay out.
 */
@JsonPropertyOrder({
  "name",
  "kind",
  "desiredState",
  "restartPolicy",
  "maxRestarts",
  "shutdownTimeoutSeconds",
  "hostShutdownAction",
  "labels",
  "virtualMachine",
  "container",
  "healthCheck",
  "generation",
  "createdAt",
  "updatedAt",
  "status"
})
record DefinitionResponse(
    String name,
    Kind kind,
    DesiredState desiredState,
    RestartPolicy restartPolicy,
    Integer maxRestarts,
    Integer shutdownTimeoutSeconds,
    HostShutdownAction hostShutdownAction,
    Map<String, String> labels,
    @JsonInclude(JsonInclude.Include.NON_NULL) VirtualMachineSpec virtualMachine,
    @JsonInclude(JsonInclude.Include.NON_NULL) ContainerSpec container,
    @JsonInclude(JsonInclude.Include.NON_NULL) HealthCheckSpec healthCheck,
    @JsonInclude(JsonInclude.Include.NON_NULL) PlacementSpec placement,
    boolean failover,
    long generation,
    Instant createdAt,
    Instant updatedAt,
    Status status) {

  static DefinitionResponse of(Definition d) {
    DefinitionSpec s = d.spec();
    return new DefinitionResponse(
        s.name(),
        s.kind(),
        s.desiredState(),
        s.restartPolicy(),
        s.maxRestarts(),
        s.shutdownTimeoutSeconds(),
        s.hostShutdownAction(),
        s.labels(),
        s.virtualMachine(),
        s.container(),
        s.healthCheck(),
        s.placement(),
        s.failsOver(),
        d.generation(),
        d.createdAt(),
        d.updatedAt(),
        Status.of(d.status()));
  }

  /** The public part of {@link DefinitionStatus}; the reconciler's memo is not shown. */
  @JsonPropertyOrder({
    "phase",
    "observedGeneration",
    "computeSystemId",
    "incarnation",
    "restartCount",
    "lastExit",
    "nextRetryAt",
    "message",
    "conditions"
  })
  record Status(
      Phase phase,
      String host,
      long observedGeneration,
      String computeSystemId,
      long incarnation,
      int restartCount,
      LastExit lastExit,
      Instant nextRetryAt,
      String message,
      List<Condition> conditions) {

    static Status of(DefinitionStatus s) {
      return new Status(
          s.phase(),
          s.host(),
          s.observedGeneration(),
          s.computeSystemId(),
          s.incarnation(),
          s.restartCount(),
          s.lastExit(),
          s.nextRetryAt(),
          s.message(),
          s.conditions() != null ? s.conditions() : List.of());
    }
  }
}
