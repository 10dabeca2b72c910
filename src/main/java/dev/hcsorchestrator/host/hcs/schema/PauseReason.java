package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code PauseReason}. */
public enum PauseReason {
  None,
  Save,
  Template
}
