package dev.hcsorchestrator.host.hcs.schema;

/** {@code ShutdownType} (schema 2.5). */
public enum ShutdownType {
  Shutdown,
  Hibernate,
  Reboot
}
