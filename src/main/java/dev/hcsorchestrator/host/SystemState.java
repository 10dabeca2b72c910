package dev.hcsorchestrator.host;

/** HCS {@code State} values; a system whose properties say {@code Stopped} is {@link #Stopped}. */
public enum SystemState {
  Created,
  Running,
  Paused,
  Stopped,
  SavedAsTemplate,
  Unknown
}
