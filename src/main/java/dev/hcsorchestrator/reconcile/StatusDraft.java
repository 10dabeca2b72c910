package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.NewEvent;
import dev.hcsorchestrator.definition.Phase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One pass's draft of a definition's status: the public status fields, the conditions, the events
 * to store and the reconciler's bookkeeping. The steps change it in memory; {@link #writeAhead()}
 * makes it durable at the points where the host must not act before the store knows (a crash right
 * after must find the state the host call depends on), and {@link #commit()} ends the pass. Both
 * write only when something changed, in one transaction with the pending events.
 */
final class StatusDraft {

  // the phases from which running again is no news (no Started event)
  private static final Set<Phase> QUIET_TO_RUNNING =
      EnumSet.of(Phase.Running, Phase.Paused, Phase.Starting, Phase.Pending);
  private final StatusWrites writes;
  final Definition def;
  final UUID id;
  final Instant now;
  // the public status
  private Phase phase;
  private long observedGeneration;
  private long incarnation;
  private int restartCount;
  private LastExit lastExit;
  private Instant nextRetryAt;
  private String message;
  private final Conditions conditions;
  // the bookkeeping (see Bookkeeping for what each field means)
  private IncarnationState life; // never Held: the hold is holdGeneration
  private long holdGeneration;
  private final Memory memory;
  private boolean removed;
  private long idIncarnation;
  private String idOfIncarnation;

  StatusDraft(DefinitionStore definitions, Inventory inventory, Definition def, Instant now) {
    this.def = def;
    this.id = def.id();
    this.now = now;
    DefinitionStatus s = def.status() == null ? DefinitionStatus.pending() : def.status();
    // without the host assignment, which it never writes: kept, every idle pass would write
    this.writes = new StatusWrites(definitions, inventory, def, s.withHost(null));
    phase = s.phase();
    observedGeneration = s.observedGeneration();
    incarnation = s.incarnation();
    restartCount = s.restartCount();
    lastExit = s.lastExit();
    nextRetryAt = s.nextRetryAt();
    message = s.message();
    conditions = new Conditions(s.conditions(), now);
    Bookkeeping m = writes.read();
    life = m.life();
    holdGeneration = m.holdGeneration();
    memory = new Memory(m);
  }

  /** The compute system id of the current incarnation; null before the first. */
  String currentId() {
    if (incarnation <= 0) {
      return null;
    }
    // a SHA-1 per call otherwise; a pass asks several times for the same incarnation
    if (idIncarnation != incarnation) {
      idOfIncarnation = SystemIds.computeSystemId(id, incarnation);
      idIncarnation = incarnation;
    }
    return idOfIncarnation;
  }

  // ---- what the pass reads ----

  Phase phase() {
    return phase;
  }

  long incarnation() {
    return incarnation;
  }

  /** The incarnation's state as stored: {@link IncarnationState.Held} over it while held. */
  IncarnationState state() {
    return holdGeneration == 0 ? life : new IncarnationState.Held(holdGeneration, life);
  }

  /** The state below any hold. */
  IncarnationState life() {
    return life;
  }

  /** The rest of the bookkeeping (what the service made, the spec hash, the streak...). */
  Memory memory() {
    return memory;
  }

  // ---- transitions of the incarnation (the only writers of its state) ----

  /** The start action, once per request: clears Failed, a policy stop and the restart backoff. */
  void applyStartRequest() {
    if (def.startRequests() <= memory.observedStartRequests()) {
      return;
    }
    memory.startRequestsSeen(def.startRequests());
    holdGeneration = 0;
    memory.streak(0);
    nextRetryAt = null;
    if (life instanceof IncarnationState.BackingOff) {
      life = new IncarnationState.BackingOff(null); // due now
    }
    if (phase == Phase.Failed) {
      message = null;
    }
  }

  /** A hold lasts for the generation it was decided at. */
  void releaseHoldOfOlderGeneration() {
    if (holdGeneration != 0 && holdGeneration != def.generation()) {
      holdGeneration = 0;
    }
  }

  /** The restart action, once per request: clears a hold; whether one was asked for. */
  boolean takeRestartRequest() {
    if (def.restartRequests() <= memory.observedRestartRequests()) {
      return false;
    }
    holdGeneration = 0;
    memory.restartRequestsSeen(def.restartRequests());
    return true;
  }

  /** The spec the current incarnation runs is the current generation's, by its hash. */
  void specUnchanged(String hash) {
    memory.specMatched(hash, def.generation());
  }

  /** {@code inc} is stored (written ahead by the caller) before its system is created. */
  void planned(long inc, String restore, String hash) {
    incarnation = inc;
    memory.hostShutdown(null); // a new incarnation: the host shutdown is behind us
    memory.specMatched(hash, def.generation());
    life = new IncarnationState.Planned(restore);
    nextRetryAt = null;
    phase = Phase.Starting;
    ready(false, "Starting");
  }

  /** Its system was created (or adopted) and started. */
  void started(String restore) {
    life = new IncarnationState.Running(now);
    memory.restoredFrom(restore);
  }

  /** A stored incarnation's system found on the host: ours, with the same id. */
  void adopted(String systemId) {
    if (!(life instanceof IncarnationState.Running)) {
      life = new IncarnationState.Running(now);
    }
    event(EventType.Adopted, "Adopted compute system " + systemId + " found on the host");
  }

  /** The system runs as wanted. */
  void running() {
    if (!QUIET_TO_RUNNING.contains(phase)) {
      event(EventType.Started, "Compute system " + currentId() + " is running");
    }
    phase = Phase.Running;
    message = null;
    nextRetryAt = null;
    ready(true, "Running");
    if (!(life instanceof IncarnationState.Running r) || r.since() == null) {
      life = new IncarnationState.Running(now);
    }
  }

  /** Paused behind the service's back: said before the resume. */
  void pausedOnHost(String reason) {
    phase = Phase.Paused;
    ready(false, reason);
  }

  void paused() {
    phase = Phase.Paused;
    message = null;
    ready(false, "Paused");
  }

  void provisioning() {
    phase = Phase.Provisioning;
  }

  void deleting() {
    phase = Phase.Deleting;
    ready(false, "Deleting");
  }

  void saving() {
    phase = Phase.Saving;
  }

  /** The exit to come is the service's doing (written ahead by the caller before the host acts). */
  void stopAsked(IncarnationState.Cause cause, Phase during) {
    life = new IncarnationState.Stopping(cause, now, null);
    phase = during;
    ready(false, during.name());
  }

  /** The system was saved to {@code file}; it is terminated next. */
  void savedTo(String file) {
    IncarnationState.Cause cause =
        life instanceof IncarnationState.Stopping st ? st.cause() : IncarnationState.Cause.Asked;
    life = new IncarnationState.Stopping(cause, now, file);
  }

  /** The host is shutting down and takes {@code action} on the system. */
  void hostShutdownBegins(HostShutdownAction action, String reason) {
    life = new IncarnationState.Stopping(IncarnationState.Cause.HostShutdown, now, null);
    memory.hostShutdown(action);
    ready(false, reason);
  }

  void hostShutdownTook(HostShutdownAction action, Phase after, LastExit exit) {
    memory.hostShutdown(action);
    phase = after;
    if (exit != null) {
      lastExit = exit;
    }
  }

  /** An exit the service did not ask for was recorded; the restart policy decides next. */
  /** {@code onStored} runs once the exit is stored: what must not be forgotten before then. */
  void exitCounted(LastExit exit, Runnable onStored) {
    writes.afterStored(onStored);
    lastExit = exit;
    life = new IncarnationState.Exited();
  }

  void heldByPolicy() {
    phase = Phase.Stopped;
    holdGeneration = def.generation();
    ready(false, "Exited");
  }

  void failedByPolicy(String why) {
    phase = Phase.Failed;
    holdGeneration = def.generation();
    message = why;
    ready(false, "Failed");
    event(EventType.Failed, why);
  }

  void restartCounted(int streak) {
    memory.streak(streak);
    restartCount++;
  }

  void backingOff(Instant until) {
    life = new IncarnationState.BackingOff(until);
    nextRetryAt = until;
    waitingToRestart();
  }

  void waitingToRestart() {
    phase = Phase.BackOff;
    ready(false, "BackOff");
  }

  /** Not Running any more: a pending restart is off. */
  void restartCancelled() {
    if (life instanceof IncarnationState.BackingOff) {
      life = new IncarnationState.Exited();
    }
    nextRetryAt = null;
  }

  /** No system, as asked; a saved state stays for a later start. */
  void stoppedAsAsked() {
    String file = life.restoreFile();
    if (life instanceof IncarnationState.Stopping && file != null) {
      life = new IncarnationState.Saved(file);
    } else if (!(life instanceof IncarnationState.Saved
        || life instanceof IncarnationState.Planned)) {
      life = new IncarnationState.Exited();
    }
    if (phase != Phase.Stopped) {
      event(EventType.Stopped, "Stopped as asked");
    }
    phase = Phase.Stopped;
    message = null;
    ready(false, "Stopped");
  }

  /** Saved as asked: the system is gone, its state in the state file. */
  void savedAsAsked() {
    if (life instanceof IncarnationState.Stopping st && st.savedTo() != null) {
      life = new IncarnationState.Saved(st.savedTo());
    }
    if (phase != Phase.Saved) {
      event(EventType.Saved, "Saved to " + life.restoreFile());
    }
    phase = Phase.Saved;
    message = null;
    ready(false, "Saved");
  }

  // ---- phase, conditions, events ----

  void fail(String why) {
    phase = Phase.Failed;
    holdGeneration = def.generation();
    if (!Objects.equals(why, message)) {
      event(EventType.Failed, why);
    }
    message = why;
    ready(false, "Failed");
  }

  void error(RuntimeException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (def.deleting()) {
      // a refused deletion says why at each attempt (one per backoff step), logged as a warning
      why = "Deletion failed, retrying with backoff: " + why;
      event(EventType.Error, why);
    } else if (!Objects.equals(why, message)) {
      event(EventType.Error, why);
    }
    message = why;
  }

  /** The pass acted on this generation (not after the definition was removed). */
  void observed() {
    if (!removed) {
      observedGeneration = def.generation();
    }
  }

  /** The definition's row is gone: nothing more is written. */
  void removed() {
    removed = true;
  }

  /** The conditions beside {@code Ready}, which the transitions set. */
  Conditions conditions() {
    return conditions;
  }

  private void ready(boolean ready, String reason) {
    conditions.set(Conditions.READY, ready, reason, "");
  }

  void event(EventType type, String text) {
    // stored with the next status write, in its transaction (see write)
    writes.event(new NewEvent(type, text, currentId(), incarnation > 0 ? incarnation : null));
  }

  // ---- writes ----

  /** Durable before a host call that depends on it (next incarnation, our stop, state file). */
  void writeAhead() {
    write();
  }

  /** The end of the pass. */
  void commit() {
    write();
  }

  private void write() {
    if (removed) {
      return;
    }
    Bookkeeping memo = memory.bookkeeping(state());
    writes.write(
        new DefinitionStatus(
            phase,
            observedGeneration,
            incarnation > 0 ? currentId() : null,
            incarnation,
            restartCount,
            lastExit,
            nextRetryAt,
            message,
            conditions.list(),
            writes.document(memo)));
  }
}
