package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.NewEvent;
import dev.hcsorchestrator.definition.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One pass's draft of a definition's status: the public status fields, the conditions, the events
 * to store and the reconciler's bookkeeping. The steps change it in memory; {@link #writeAhead()}
 * makes it durable at the points where the host must not act before the store knows (a crash right
 * after must find the state the host call depends on), and {@link #commit()} ends the pass. Both
 * write only when something changed, in one transaction with the pending events.
 */
final class StatusDraft {

  private final DefinitionStore definitions;
  private final Inventory inventory;
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
  private final Map<String, Condition> conditions = new LinkedHashMap<>();
  // the bookkeeping (see Bookkeeping for what each field means)
  private IncarnationState life; // never Held: the hold is holdGeneration
  private long holdGeneration;
  private long systemGeneration;
  private int backoffStreak;
  private long observedStartRequests;
  private long observedRestartRequests;
  private String specHash;
  private long processIncarnation;
  private long provisionedGeneration;
  private String restoredFrom;
  private HostShutdownAction hostShutdown;
  private final MadeRecord made;

  private boolean removed;
  private final Bookkeeping read;
  private final String readDocument;
  private DefinitionStatus current;
  private final List<NewEvent> pendingEvents = new ArrayList<>();
  private long idIncarnation;
  private String idOfIncarnation;

  StatusDraft(DefinitionStore definitions, Inventory inventory, Definition def, Instant now) {
    this.definitions = definitions;
    this.inventory = inventory;
    this.def = def;
    this.id = def.id();
    this.now = now;
    DefinitionStatus s = def.status() == null ? DefinitionStatus.pending() : def.status();
    // compared with what the draft writes, which never carries the host assignment (not the
    // reconciler's to write): kept, every pass over an assigned definition would write its status
    this.current = s.withHost(null);
    phase = s.phase();
    observedGeneration = s.observedGeneration();
    incarnation = s.incarnation();
    restartCount = s.restartCount();
    lastExit = s.lastExit();
    nextRetryAt = s.nextRetryAt();
    message = s.message();
    if (s.conditions() != null) {
      s.conditions().forEach(c -> conditions.put(c.type(), c));
    }
    Bookkeeping m = Bookkeeping.of(s);
    read = m;
    readDocument = s.memo();
    life = m.life();
    holdGeneration = m.holdGeneration();
    systemGeneration = m.systemGeneration();
    backoffStreak = m.backoffStreak();
    observedStartRequests = m.observedStartRequests();
    observedRestartRequests = m.observedRestartRequests();
    specHash = m.specHash();
    processIncarnation = m.processIncarnation();
    provisionedGeneration = m.provisionedGeneration();
    restoredFrom = m.restoredFrom();
    hostShutdown = m.hostShutdown();
    made = new MadeRecord(m);
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

  String kindLabel() {
    return def.kind().name();
  }

  // ---- what the pass reads ----

  Phase phase() {
    return phase;
  }

  long incarnation() {
    return incarnation;
  }

  String message() {
    return message;
  }

  /** The incarnation's state as stored: {@link IncarnationState.Held} over it while held. */
  IncarnationState state() {
    return holdGeneration == 0 ? life : new IncarnationState.Held(holdGeneration, life);
  }

  /** The state below any hold. */
  IncarnationState life() {
    return life;
  }

  boolean held() {
    return holdGeneration != 0;
  }

  /** The stop under way; null when none was asked for. */
  IncarnationState.Stopping stopping() {
    return life instanceof IncarnationState.Stopping st ? st : null;
  }

  /** The state file the next incarnation restores from (see {@link Bookkeeping#savedStateFile}). */
  String savedFile() {
    return new Bookkeeping(0, 0, 0, 0, 0, null, 0, 0, null, null, null, null, null, null, life)
        .savedStateFile();
  }

  Instant runningSince() {
    return life instanceof IncarnationState.Running r ? r.since() : null;
  }

  int backoffStreak() {
    return backoffStreak;
  }

  long processIncarnation() {
    return processIncarnation;
  }

  boolean provisionedBefore() {
    return provisionedGeneration != 0;
  }

  String specHash() {
    return specHash;
  }

  long systemGeneration() {
    return systemGeneration;
  }

  HostShutdownAction hostShutdown() {
    return hostShutdown;
  }

  /** What the service made beside the system (the dependents change it). */
  MadeRecord made() {
    return made;
  }

  // ---- transitions of the incarnation (the only writers of its state) ----

  /** The start action, once per request: clears Failed, a policy stop and the restart backoff. */
  void applyStartRequest() {
    if (def.startRequests() <= observedStartRequests) {
      return;
    }
    observedStartRequests = def.startRequests();
    holdGeneration = 0;
    backoffStreak = 0;
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
    if (def.restartRequests() <= observedRestartRequests) {
      return false;
    }
    holdGeneration = 0;
    observedRestartRequests = def.restartRequests();
    return true;
  }

  /** The spec the current incarnation runs is the current generation's, by its hash. */
  void specUnchanged(String hash) {
    specHash = hash;
    systemGeneration = def.generation();
  }

  /** {@code inc} is stored (written ahead by the caller) before its system is created. */
  void planned(long inc, String restore, String hash) {
    incarnation = inc;
    hostShutdown = null; // a new incarnation: the host shutdown is behind us
    specHash = hash;
    systemGeneration = def.generation();
    life = new IncarnationState.Planned(restore);
    phase = Phase.Starting;
    ready(false, "Starting");
  }

  /** Its system was created (or adopted) and started. */
  void started(String restore) {
    life = new IncarnationState.Running(now);
    restoredFrom = restore;
  }

  /** A stored incarnation's system found on the host: ours, with the same id. */
  void adopted(String systemId) {
    if (!(life instanceof IncarnationState.Running)) {
      life = new IncarnationState.Running(now);
    }
    event(EventType.Adopted, "Adopted compute system " + systemId + " found on the host");
  }

  void processCreated() {
    processIncarnation = incarnation;
  }

  /** The system runs as wanted. */
  void running() {
    if (phase != Phase.Running && phase != Phase.Paused) {
      if (phase != Phase.Starting && phase != Phase.Pending) {
        event(EventType.Started, "Compute system " + currentId() + " is running");
      }
    }
    phase = Phase.Running;
    message = null;
    nextRetryAt = null;
    ready(true, "Running");
    if (!(life instanceof IncarnationState.Running r) || r.since() == null) {
      life = new IncarnationState.Running(now);
    }
  }

  /** The run lasted {@code reset-after}: the next exit starts a new streak. */
  void streakReset() {
    backoffStreak = 0;
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

  void provisioned() {
    provisionedGeneration = def.generation();
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
    hostShutdown = action;
    ready(false, reason);
  }

  void hostShutdownTook(HostShutdownAction action, Phase after, LastExit exit) {
    hostShutdown = action;
    phase = after;
    if (exit != null) {
      lastExit = exit;
    }
  }

  /** An exit the service did not ask for was recorded; the restart policy decides next. */
  void exitCounted(LastExit exit) {
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
    backoffStreak = streak;
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

  void restartDue() {
    nextRetryAt = null;
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
    String file = savedFile();
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

  /** Saved as asked: the system is gone, its state in {@link #savedFile()}. */
  void savedAsAsked() {
    if (life instanceof IncarnationState.Stopping st && st.savedTo() != null) {
      life = new IncarnationState.Saved(st.savedTo());
    }
    if (phase != Phase.Saved) {
      event(EventType.Saved, "Saved to " + savedFile());
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
      // a deletion the host keeps refusing: every attempt (one per backoff step) says why, in
      // the status, as an event and so in the lifecycle log as a warning
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

  boolean isReady(String reason) {
    Condition c = conditions.get("Ready");
    return c != null && reason.equals(c.reason());
  }

  void ready(boolean ready, String reason) {
    condition("Ready", ready, reason, "");
  }

  void condition(String type, boolean status, String reason, String text) {
    String value = status ? "True" : "False";
    Condition old = conditions.get(type);
    if (old != null
        && old.status().equals(value)
        && Objects.equals(old.reason(), reason)
        && Objects.equals(old.message(), text)) {
      return;
    }
    Instant since = old != null && old.status().equals(value) ? old.lastTransitionTime() : now;
    conditions.put(type, new Condition(type, value, reason, text, since));
  }

  /** Whether condition {@code type} is there with status True. */
  boolean conditionTrue(String type) {
    Condition c = conditions.get(type);
    return c != null && "True".equals(c.status());
  }

  /** Drops condition {@code type} (e.g. Healthy once the spec has no health check). */
  void dropCondition(String type) {
    conditions.remove(type);
  }

  void event(EventType type, String text) {
    // stored with the next status write, in its transaction (see write)
    pendingEvents.add(new NewEvent(type, text, currentId(), incarnation > 0 ? incarnation : null));
  }

  // ---- writes ----

  /**
   * Makes the draft durable before a host call that depends on it: the next incarnation before its
   * system is created, "this exit is ours" before a stop, the state file before the saved system is
   * terminated.
   */
  void writeAhead() {
    write();
  }

  /** The end of the pass. */
  void commit() {
    write();
  }

  private String memo() {
    Bookkeeping b =
        new Bookkeeping(
            Bookkeeping.VERSION,
            systemGeneration,
            backoffStreak,
            observedStartRequests,
            observedRestartRequests,
            specHash,
            processIncarnation,
            provisionedGeneration,
            restoredFrom,
            made.made(),
            hostShutdown,
            made.endpointAddresses(),
            made.scratchVolume(),
            made.mounted(),
            state());
    // an unchanged document is not written again (an idle pass writes nothing)
    return b.equals(read) && readDocument != null ? readDocument : b.write();
  }

  private void write() {
    if (removed) {
      return;
    }
    DefinitionStatus status =
        new DefinitionStatus(
            phase,
            observedGeneration,
            incarnation > 0 ? currentId() : null,
            incarnation,
            restartCount,
            lastExit,
            nextRetryAt,
            message,
            new ArrayList<>(conditions.values()),
            memo());
    boolean changed = !status.equals(current);
    if (changed || !pendingEvents.isEmpty()) {
      definitions.updateStatus(id, changed ? status : null, List.copyOf(pendingEvents));
      pendingEvents.clear();
      current = status;
    }
    inventory.record(id, def.kind(), phase, incarnation > 0 ? currentId() : null);
  }
}
