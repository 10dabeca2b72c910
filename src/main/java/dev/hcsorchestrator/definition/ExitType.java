package dev.hcsorchestrator.definition;

/** How the last compute system of a definition ended. */
public enum ExitType {
  GracefulExit,
  ForcedExit,
  UnexpectedExit,
  /** A container's workload process ended; the exit code is set. */
  ProcessExit,
  /** The health check failed {@code failureThreshold} times in a row: the service replaced it. */
  Unhealthy,
  Unknown
}
