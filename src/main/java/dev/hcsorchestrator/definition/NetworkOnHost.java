package dev.hcsorchestrator.definition;

import java.time.Instant;

/**
 * What one host of the fleet reports about a declared network: made there with the declared
 * settings ({@link State#Ready}), or impossible to make there ({@link State#Failed}, with the
 * reason). A host that neither holds the network nor runs a definition naming it reports nothing.
 */
public record NetworkOnHost(
    String network, String host, State state, String message, Instant updatedAt) {

  /** Wire values of a network's state on one host. */
  public enum State {
    Ready,
    Failed
  }
}
