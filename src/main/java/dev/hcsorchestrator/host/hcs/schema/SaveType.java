package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code SaveType}. */
public enum SaveType {
  ToFile,
  AsTemplate
}
