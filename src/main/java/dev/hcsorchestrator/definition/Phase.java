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
  Deleting,
  /**
   * Its host is lost (its lease ran out): what runs there is not known. Shown by the API, never
   * recorded by a reconciler.
   */
  Unknown
}
