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
  Scheduled,
  /** The definition's host was lost for failover-after: it was released to another host. */
  FailedOver,
  /** Its host could not renew its lease for fence-after and terminated its compute system. */
  Fenced,
  /** Its host was drained: it was stopped there and released to another host. */
  Drained
}
