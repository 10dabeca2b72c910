package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.EventType;
import java.time.Instant;

/**
 * The decision of the running step when the current incarnation has no system on the host: a pure
 * function of the stored {@link IncarnationState} (controller-runtime's level-triggered contract:
 * what to do follows from what is, never from the event that woke the pass). Tested as a table in
 * {@code LifecycleTest}.
 */
final class Lifecycle {

  /** What the running step does about a missing system. */
  sealed interface Action {}

  /** Held (Failed or stopped by the policy) until a start request or a new generation. */
  record Hold() implements Action {}

  /** Creates incarnation {@code incarnation} (a stored one again, or the next). */
  record Create(long incarnation, String restore, EventType type) implements Action {}

  /** The restart backoff runs until {@code until}. */
  record Wait(Instant until) implements Action {}

  /** An exit the service did not ask for: record it and apply the restart policy. */
  record CountExit(boolean unhealthy) implements Action {}

  private Lifecycle() {}

  static Action whenGone(IncarnationState state, long incarnation, Instant now) {
    if (state instanceof IncarnationState.Held) {
      return new Hold(); // Failed or stopped by the policy, until start or a change
    }
    if (incarnation == 0) {
      return new Create(1, null, EventType.Started);
    }
    if (state instanceof IncarnationState.Planned p) {
      // stored before a crash, never created (or not confirmed): same id, no second system
      return new Create(incarnation, p.restore(), EventType.Started);
    }
    if (state instanceof IncarnationState.BackingOff b) {
      return b.until() != null && now.isBefore(b.until())
          ? new Wait(b.until())
          : new Create(incarnation + 1, null, EventType.Restarted);
    }
    if (state instanceof IncarnationState.Stopping st) {
      return st.cause() == IncarnationState.Cause.Unhealthy
          ? new CountExit(true) // replaced for its health: counted as an exit of its own
          : new Create(incarnation + 1, st.savedTo(), EventType.Started);
    }
    if (state instanceof IncarnationState.Saved sv) {
      return new Create(incarnation + 1, sv.file(), EventType.Started);
    }
    if (state instanceof IncarnationState.Exited) {
      return new Create(incarnation + 1, null, EventType.Started);
    }
    return new CountExit(false); // Running, and gone without being asked to
  }
}
