package dev.hcsorchestrator.reconcile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Where the current incarnation of a definition is in its life, as the reconciler remembers it
 * (KubeVirt keeps a VMI's phase the same way: one value, not a set of flags). Stored in the
 * bookkeeping document; only {@link StatusDraft}'s named transitions change it, and the steps
 * decide over it (see {@link Lifecycle}).
 *
 * <pre>
 * Planned ──create/adopt──▶ Running ──stop asked──▶ Stopping ──gone──▶ Exited / Saved ─▶ Planned
 *                              │ gone (not asked)                                  ▲
 *                              ▼                                                   │
 *                        restart policy ──▶ BackingOff ──until passed──────────────┘
 *                              └──────────▶ Held (Failed or stopped by the policy)
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(IncarnationState.Planned.class),
  @JsonSubTypes.Type(IncarnationState.Running.class),
  @JsonSubTypes.Type(IncarnationState.Stopping.class),
  @JsonSubTypes.Type(IncarnationState.Exited.class),
  @JsonSubTypes.Type(IncarnationState.BackingOff.class),
  @JsonSubTypes.Type(IncarnationState.Held.class),
  @JsonSubTypes.Type(IncarnationState.Saved.class)
})
sealed interface IncarnationState {

  /** Why a stop was asked for; only {@code Unhealthy} changes what its exit counts as. */
  enum Cause {
    /** The desired state, a restart request or a changed spec: the exit is ours. */
    Asked,
    /** The health check failed: the exit is recorded as {@code Unhealthy} and counts. */
    Unhealthy,
    /** The host is shutting down (see {@link ShutdownActions}): the exit is ours. */
    HostShutdown
  }

  /**
   * The incarnation is stored (written ahead) but its system not yet confirmed created and started;
   * a crash here leaves an id the next pass creates or adopts. Also the state before the first.
   *
   * @param restore the state file the system is created from; null for a fresh one
   */
  record Planned(String restore) implements IncarnationState {}

  /**
   * The system was created (or adopted) and started by this service.
   *
   * @param since when it was last seen running, for the restart streak's reset
   */
  record Running(Instant since) implements IncarnationState {}

  /**
   * A stop was asked for (written ahead of the host call): graceful until the deadline, then
   * terminate. Never undone: the next state comes once the system is gone.
   *
   * @param savedTo the state file the system was saved to before the stop; null when not saved
   */
  record Stopping(Cause cause, Instant requestedAt, String savedTo) implements IncarnationState {}

  /** The system is gone and its exit accounted for; the next wanted system is a new incarnation. */
  record Exited() implements IncarnationState {}

  /** The exit was counted as a restart; the next incarnation is due at {@code until}. */
  record BackingOff(Instant until) implements IncarnationState {}

  /**
   * Failed, or stopped by the restart policy, at {@code generation}: nothing is created until a
   * start request or a new generation, after which the definition goes on from {@code resume}.
   */
  record Held(long generation, IncarnationState resume) implements IncarnationState {}

  /** The system was saved to {@code file} and is gone; the next incarnation restores from it. */
  record Saved(String file) implements IncarnationState {}

  Planned NONE = new Planned(null);

  /** The state file the next incarnation restores from; null when none. */
  default String restoreFile() {
    if (this instanceof Saved s) {
      return s.file();
    }
    if (this instanceof Stopping s) {
      return s.savedTo();
    }
    return this instanceof Planned p ? p.restore() : null;
  }

  /** The stop under way; null when none was asked for. */
  default Stopping stopping() {
    return this instanceof Stopping s ? s : null;
  }

  /** When the system was last seen running; null when it is not running. */
  default Instant runningSince() {
    return this instanceof Running r ? r.since() : null;
  }
}
