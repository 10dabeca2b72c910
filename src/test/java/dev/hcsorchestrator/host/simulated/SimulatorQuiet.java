package dev.hcsorchestrator.host.simulated;

/**
 * Synchronous events for tests over the simulated host: the simulator delivers exits and events on
 * its own thread, as HCS does; {@link #settle} waits until everything already due has been
 * delivered, so a decision test can look at the end state without polling.
 */
public final class SimulatorQuiet {

  private SimulatorQuiet() {}

  /** Returns once every exit and event the simulator owes (no latency pending) is delivered. */
  public static void settle(SimulatedComputeCore core) {
    core.awaitQuiet();
  }
}
