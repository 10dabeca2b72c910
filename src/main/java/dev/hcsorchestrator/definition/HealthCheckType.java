package dev.hcsorchestrator.definition;

/** How a health check probes a workload. */
public enum HealthCheckType {
  /** A TCP connection to the workload's address and {@code port}. */
  Tcp,
  /** A process in the container ({@code command}); exit code 0 is healthy. Containers only. */
  Exec
}
