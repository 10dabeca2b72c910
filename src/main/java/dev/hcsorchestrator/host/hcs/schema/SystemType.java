package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code SystemType}. */
public enum SystemType {
  Container,
  VirtualMachine
}
