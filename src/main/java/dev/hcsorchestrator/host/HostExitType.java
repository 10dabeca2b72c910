package dev.hcsorchestrator.host;

/** HCS {@code NotificationType} of a system exit. */
public enum HostExitType {
  GracefulExit,
  ForcedExit,
  UnexpectedExit,
  Unknown
}
