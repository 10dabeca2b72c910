package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A definition's optional health check (README.md). Which of {@code port} and {@code command} a
 * type needs, and that {@code Exec} is for containers only, is checked in {@link
 * DefinitionValidator}; {@link SpecDefaults} fills the timings.
 */
public record HealthCheckSpec(
    @NotNull(message = "must be Tcp or Exec") HealthCheckType type,
    @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535")
        Integer port,
    @Size(
            min = 1,
            max = SpecRules.MAX_COMMAND,
            message = "must be 1.." + SpecRules.MAX_COMMAND + " characters")
        String command,
    @Min(value = 1, message = "must be between 1 and 3600")
        @Max(value = 3600, message = "must be between 1 and 3600")
        Integer intervalSeconds,
    @Min(value = 1, message = "must be between 1 and 600")
        @Max(value = 600, message = "must be between 1 and 600")
        Integer timeoutSeconds,
    @Min(value = 1, message = "must be between 1 and 100")
        @Max(value = 100, message = "must be between 1 and 100")
        Integer failureThreshold,
    @Min(value = 0, message = "must be between 0 and 3600")
        @Max(value = 3600, message = "must be between 0 and 3600")
        Integer initialDelaySeconds) {

  static final int DEFAULT_INTERVAL_SECONDS = 10;
  static final int DEFAULT_TIMEOUT_SECONDS = 2;
  static final int DEFAULT_FAILURE_THRESHOLD = 3;

  /** The same check with the documented defaults for what was left out. */
  public HealthCheckSpec withDefaults() {
    return new HealthCheckSpec(
        type,
        port,
        command,
        intervalSeconds != null ? intervalSeconds : DEFAULT_INTERVAL_SECONDS,
        timeoutSeconds != null ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS,
        failureThreshold != null ? failureThreshold : DEFAULT_FAILURE_THRESHOLD,
        initialDelaySeconds != null ? initialDelaySeconds : 0);
  }
}
