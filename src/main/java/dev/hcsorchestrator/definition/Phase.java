package dev.hcsorchestrator.definition;

/** Where a definition stands, as the reconciler last recorded it. */
public enum Phase {
  Pending,
  Provisioning,
  Starting,
  Running,
  Paused,
  Saving,
  Saved,
  Stopping,
  Stopped,
  BackOff,
  Failed,
  Deleting
}
