package dev.hcsorchestrator.fleet;

/** A fleet host's state as the API shows it. */
public enum HostState {
  /** Its lease is current and it takes new assignments. */
  Ready,
  /** Its lease is current; it keeps what it runs but takes nothing new. */
  Cordoned,
  /** Cordoned, and its failover definitions are moving away. */
  Draining,
  /** Its lease ran out. */
  Lost
}
