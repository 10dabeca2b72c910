package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.ObservedSystem;
import java.time.Duration;

/**
 * Stops the current system: graceful shutdown, then terminate once the deadline passed. A graceful
 * shutdown the host refuses at once (any failure but "not found") is followed by a terminate in the
 * same pass: it never fails the definition.
 */
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
    return stop(s, sys, during, IncarnationState.Cause.Asked);
  }

  /** {@link #stop(StatusDraft, ObservedSystem, Phase)} for {@code cause} (the first call's). */
  ReconcileResult stop(
      StatusDraft s, ObservedSystem sys, Phase during, IncarnationState.Cause cause) {
    Duration timeout = Duration.ofSeconds(timeoutSeconds(s));
    StopDecision.Action action =
        StopDecision.decide(s.life().stopping(), sys.state(), timeout, s.now);
    if (action instanceof StopDecision.Wait w) {
      return ReconcileResult.requeueAfter(Duration.between(s.now, w.deadline()));
    }
    if (action instanceof StopDecision.Ask ask) {
      s.stopAsked(cause, during);
      s.writeAhead(); // record that the exit is ours before the host can report it
      ReconcileResult asked = ask.graceful() ? shutDown(s, sys, timeout) : null;
      if (asked != null) {
        return asked;
      }
    }
    tools.host().terminate(sys.id());
    if (action instanceof StopDecision.Overdue o) {
      // a retry, paced by the queue's backoff; the message and an Error event say why it stays
      throw new Overdue(
          "Compute system "
              + sys.id()
              + " still on the host "
              + o.grace().toSeconds()
              + " s after its stop deadline, terminated again");
    }
    return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
  }

  /** A system that stays on the host although terminated: the pass fails and is retried. */
  static final class Overdue extends RuntimeException {
    Overdue(String message) {
      super(message);
    }
  }

  /** Asks the guest to shut down; null when the host refused at once and the caller terminates. */
  private ReconcileResult shutDown(StatusDraft s, ObservedSystem sys, Duration timeout) {
    try {
      tools.host().shutDown(sys.id());
      return ReconcileResult.requeueAfter(timeout);
    } catch (HostException.Timeout e) {
      // the guest may still be shutting down: terminate at the deadline
      return ReconcileResult.requeueAfter(timeout);
    } catch (HostException.NotFound e) {
      return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK); // gone: the next pass sees it
    } catch (HostException e) {
      // The guest cannot be asked (no shutdown integration service, no guest connection, a
      // host that refuses the options): waiting for the deadline would only delay the stop.
      s.event(
          EventType.Stopped,
          "Graceful shutdown of " + sys.id() + " refused, terminating: " + e.getMessage());
      return null;
    }
  }

  private static int timeoutSeconds(StatusDraft s) {
    Integer t = s.def.spec().shutdownTimeoutSeconds();
    return t == null ? 60 : t;
  }
}
