package dev.hcsorchestrator.host;

/** HCS {@code SystemType} values. */
public enum SystemType {
  VirtualMachine,
  Container
}
