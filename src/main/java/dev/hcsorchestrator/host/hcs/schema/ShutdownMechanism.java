package dev.hcsorchestrator.host.hcs.schema;

/** {@code ShutdownMechanism} (schema 2.5): how the guest is asked to shut down. */
public enum ShutdownMechanism {
  GuestConnection,
  IntegrationService
}
