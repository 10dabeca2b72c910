package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code PauseSuspensionLevel}. */
public enum PauseSuspensionLevel {
  Suspend,
  MemoryLow,
  MemoryMedium,
  MemoryHigh
}
