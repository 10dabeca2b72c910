package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStore;
import java.time.Duration;

/**
 * The reconciler's side of a host shutdown (the service's {@code HostShutdown} hook calls it):
 * every definition's {@code hostShutdownAction} in parallel within {@code timeout}, after which no
 * pass of this process acts again (see {@link ShutdownActions}). Never called when only the service
 * stops.
 */
public final class HostShutdownActions {

  private final Reconciler reconciler;
  private final DefinitionStore definitions;

  HostShutdownActions(Reconciler reconciler, DefinitionStore definitions) {
    this.reconciler = reconciler;
    this.definitions = definitions;
  }

  /** Returns once every action ended or the deadline passed; how many remained is logged. */
  public void carryOut(Duration timeout) {
    reconciler.hostShutdown(definitions.ids(), timeout);
  }
}
