package dev.hcsorchestrator.host;

/** What the host reports on its own. The reconciler only uses an event to know where to look. */
public sealed interface HostEvent {

  /** A compute system stopped; it is gone from the host. */
  record SystemExited(String systemId, HostExitType exitType, int status) implements HostEvent {}

  /** A process in a compute system ended. */
  record ProcessExited(String systemId, int processId, int exitCode) implements HostEvent {}

  /** The host compute service went away: every handle is dead, resync everything. */
  record ServiceDisconnected() implements HostEvent {}
}
