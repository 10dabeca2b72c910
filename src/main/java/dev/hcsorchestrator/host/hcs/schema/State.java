package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code State}: what a compute system's properties report. */
public enum State {
  Created,
  Running,
  Paused,
  Stopped,
  SavedAsTemplate,
  Unknown
}
