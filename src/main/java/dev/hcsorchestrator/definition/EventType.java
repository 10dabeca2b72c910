package dev.hcsorchestrator.definition;

/** Kinds of entries in a definition's event history. */
public enum EventType {
  Created,
  Updated,
  DesiredStateChanged,
  Provisioned,
  Started,
  Exited,
  Restarted,
  Unhealthy,
  Healthy,
  BackOff,
  Paused,
  Resumed,
  Saved,
  /** A saved VM came back from its state file. */
  Restored,
  Stopped,
  Failed,
  Adopted,
  OrphanRemoved,
  Replaced,
  Error,
  Deleted,
  /** The fleet assigned the definition to a host (status.host). */
  Scheduled
}
