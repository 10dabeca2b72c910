package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.HostResources;
import java.time.Duration;

/** The collaborators every step of a pass uses; one instance per {@link Reconciler}. */
record PassTools(
    DefinitionStore definitions,
    ComputeHost host,
    HostResources resources,
    ContainerResources containers,
    Inventory inventory,
    ExitLedger exits,
    ReconcileMetrics metrics,
    Reconciler.Settings settings,
    SystemSpecs specs,
    Backoff backoff) {

  /** How soon a pass looks again at a system it asked to stop. */
  static final Duration STOP_RECHECK = Duration.ofSeconds(1);

  /**
   * How long a terminated system may stay on the host before the status says so: past the stop's
   * deadline by this much, each pass that still finds it terminates again and fails (an Error event
   * and message; the queue's backoff paces the retries).
   */
  static final Duration TERMINATE_GRACE = Duration.ofSeconds(10);
}
