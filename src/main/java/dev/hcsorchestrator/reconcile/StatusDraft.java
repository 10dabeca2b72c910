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
import dev.hcsorchestrator.host.ScratchVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
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
  Phase phase;
  long observedGeneration;
  long incarnation;
  int restartCount;
  LastExit lastExit;
  Instant nextRetryAt;
  String message;
  private final Map<String, Condition> conditions = new LinkedHashMap<>();
  // the bookkeeping (see Bookkeeping for what each field means)
  long systemGeneration;
  int backoffStreak;
  Instant runningSince;
  String savedStateFile;
  long observedStartRequests;
  long observedRestartRequests;
  Instant stopRequestedAt;
  boolean exitRequested;
  long startedIncarnation;
  String specHash;
  long holdGeneration;
  long exitHandledIncarnation;
  boolean restartPending;
  long processIncarnation;
  long provisionedGeneration;
  String restoredFrom;
  HostShutdownAction hostShutdown;
  long unhealthyIncarnation;

  /** What the service made, by dependent kind; null until adopted (a version 1 document). */
  SortedMap<String, List<String>> made;

  /** The IP address of each endpoint the service made, by endpoint id (see Bookkeeping). */
  final SortedMap<String, String> endpointAddresses;

  /** A container's mounted writable layer as the host last returned it; null before. */
  ScratchVolume scratchVolume;

  /** Scratch folders whose disk may be attached with the filter on (see Bookkeeping). */
  final List<String> mountedScratch;

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
    Bookkeeping m = Bookkeeping.read(s.memo());
    read = m;
    readDocument = s.memo();
    systemGeneration = m.systemGeneration();
    backoffStreak = m.backoffStreak();
    runningSince = m.runningSince();
    savedStateFile = m.savedStateFile();
    observedStartRequests = m.observedStartRequests();
    observedRestartRequests = m.observedRestartRequests();
    stopRequestedAt = m.stopRequestedAt();
    exitRequested = m.exitRequested();
    startedIncarnation = m.startedIncarnation();
    specHash = m.specHash();
    holdGeneration = m.holdGeneration();
    exitHandledIncarnation = m.exitHandledIncarnation();
    restartPending = m.restartPending();
    processIncarnation = m.processIncarnation();
    provisionedGeneration = m.provisionedGeneration();
    restoredFrom = m.restoredFrom();
    hostShutdown = m.hostShutdown();
    unhealthyIncarnation = m.unhealthyIncarnation();
    made = m.made() == null ? null : new TreeMap<>(m.made());
    endpointAddresses =
        m.endpointAddresses() == null ? new TreeMap<>() : new TreeMap<>(m.endpointAddresses());
    scratchVolume = m.scratchVolume();
    mountedScratch =
        m.mountedScratch() == null ? new ArrayList<>() : new ArrayList<>(m.mountedScratch());
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
            runningSince,
            savedStateFile,
            observedStartRequests,
            observedRestartRequests,
            stopRequestedAt,
            exitRequested,
            startedIncarnation,
            specHash,
            holdGeneration,
            exitHandledIncarnation,
            restartPending,
            processIncarnation,
            provisionedGeneration,
            restoredFrom,
            made,
            hostShutdown,
            unhealthyIncarnation,
            endpointAddresses,
            scratchVolume,
            mountedScratch);
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
