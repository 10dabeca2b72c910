package dev.hcsorchestrator.service;

import dev.hcsorchestrator.reconcile.HostShutdownActions;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The {@link HostShutdown} hook: the reconciler carries out every definition's {@code
 * hostShutdownAction} ({@link HostShutdownActions}). Only the SCM's {@code PRESHUTDOWN}/{@code
 * SHUTDOWN} and the simulator's host shutdown call it; a plain stop never does.
 */
@Component
class ReconcilerHostShutdown implements HostShutdown {

  private final HostShutdownActions actions;

  ReconcilerHostShutdown(HostShutdownActions actions) {
    this.actions = actions;
  }

  @Override
  public void hostShuttingDown(Duration timeout) {
    actions.carryOut(timeout);
  }
}
