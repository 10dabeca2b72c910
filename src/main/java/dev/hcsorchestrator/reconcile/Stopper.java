package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.time.Duration;
import java.time.Instant;

/** Stops the current system: graceful shutdown, then terminate once the deadline passed. */
final class Stopper {

  private final PassTools tools;

  Stopper(PassTools tools) {
    this.tools = tools;
  }

  /**
   * The first call records that the exit is ours (durably, before the host can report it) and asks
   * for a shutdown; later calls terminate once {@code shutdownTimeoutSeconds} passed.
   */
  ReconcileResult stop(StatusDraft s, ObservedSystem sys, Phase during) {
    Duration timeout = Duration.ofSeconds(timeoutSeconds(s));
    if (!s.exitRequested || s.stopRequestedAt == null) {
      s.exitRequested = true;
      s.stopRequestedAt = s.now;
      s.phase = during;
      s.ready(false, during.name());
      if (sys.state() == SystemState.Running && !timeout.isZero()) {
        s.writeAhead(); // record that the exit is ours before the host can report it
        tools.host().shutDown(sys.id());
        return ReconcileResult.requeueAfter(timeout);
      }
      s.writeAhead();
      tools.host().terminate(sys.id());
      return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
    }
    Instant deadline = s.stopRequestedAt.plus(timeout);
    if (!s.now.isBefore(deadline)) {
      tools.host().terminate(sys.id());
      return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
    }
    return ReconcileResult.requeueAfter(Duration.between(s.now, deadline));
  }

  private static int timeoutSeconds(StatusDraft s) {
    Integer t = s.def.spec().shutdownTimeoutSeconds();
    return t == null ? 60 : t;
  }
}
