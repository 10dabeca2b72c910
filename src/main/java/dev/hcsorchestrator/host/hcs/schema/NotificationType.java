package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code NotificationType}: how a compute system exited. */
public enum NotificationType {
  None,
  GracefulExit,
  ForcedExit,
  UnexpectedExit,
  Unknown
}
