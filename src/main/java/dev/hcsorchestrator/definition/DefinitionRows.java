package dev.hcsorchestrator.definition;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both sides of the module share about the stored rows: the JSON of spec and status, the
 * mapping of rows to {@link Definition}, the clock, and the {@link DefinitionCache} with its
 * after-commit updates. Runs inside the caller's transaction.
 */
@Component
class DefinitionRows {

  // Stored JSON is our own; tolerate fields a newer version may have written.
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final StatusRepository statuses;
  private final ApplicationEventPublisher publisher;
  private final Clock clock = Clock.systemUTC();
  private final DefinitionCache cache = new DefinitionCache();

  private final ChangeNotices notices;

  DefinitionRows(
      StatusRepository statuses, ApplicationEventPublisher publisher, ChangeNotices notices) {
    this.statuses = statuses;
    this.publisher = publisher;
    this.notices = notices;
  }

  DefinitionCache cache() {
    return cache;
  }

  Instant now() {
    // Microseconds: what the database keeps, so a re-read value equals the written one.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- change notification and the cache ----

  /** A change of the definition's rows: the reconciler is told once the change is committed. */
  void changed(UUID id) {
    notices.send(ChangeNotices.Kind.CHANGED, id.toString());
    changedHere(id);
  }

  /** As {@link #changed}, told to this process only (another host wrote it and told the others). */
  void changedHere(UUID id) {
    evictAfterCommit(id);
    publisher.publishEvent(new DefinitionChanged(id));
    publisher.publishEvent(new DefinitionWritten(id));
  }

  /**
   * As {@link #changed}, for an assignment, which changes nothing of the definition but its host:
   * the cached definition takes the host instead of being read again by every pass and observer the
   * assignment wakes.
   */
  void assigned(UUID id, String host) {
    notices.send(ChangeNotices.Kind.CHANGED, id.toString());
    Object mark = cache.mark(id);
    afterCommit(() -> cache.replace(id, mark, d -> d.withStatus(d.status().withHost(host))));
    publisher.publishEvent(new DefinitionChanged(id));
    publisher.publishEvent(new DefinitionWritten(id));
  }

  /** Any committed write of the definition's rows, its status or its removal: for observers. */
  void written(UUID id) {
    notices.send(ChangeNotices.Kind.WRITTEN, id.toString());
    publisher.publishEvent(new DefinitionWritten(id));
  }

  /** A declared network was deleted: the reconciler is told once that is committed. */
  void networkDeleted(String name) {
    notices.send(ChangeNotices.Kind.NETWORK_DELETED, name);
    publisher.publishEvent(new NetworkDeleted(name));
  }

  /** A declared network's settings changed: the reconciler is told once that is committed. */
  void networkChanged(String name) {
    notices.send(ChangeNotices.Kind.NETWORK_CHANGED, name);
    publisher.publishEvent(new NetworkChanged(name));
  }

  void evictAfterCommit(UUID id) {
    afterCommit(() -> cache.evict(id));
  }

  static void afterCommit(Runnable cacheUpdate) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          // First: the reconcile trigger runs after commit too, and its pass must not read the
          // state this transaction replaced.
          @Override
          public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
          }

          @Override
          public void afterCommit() {
            cacheUpdate.run();
          }
        });
  }

  // ---- spec ----

  static DefinitionSpec readSpec(DefinitionEntity entity) {
    return SpecDefaults.stored(JSON.readValue(entity.getSpecJson(), DefinitionSpec.class));
  }

  static void writeSpec(DefinitionEntity entity, DefinitionSpec spec) {
    entity.setSpecJson(JSON.writeValueAsString(spec));
    entity.setDesiredState(spec.desiredState());
    if (!entity.getLabels().equals(spec.labels())) {
      entity.getLabels().clear();
      entity.getLabels().putAll(spec.labels());
    }
    Set<String> refs = networkRefs(spec);
    if (!entity.getNetworkRefs().equals(refs)) {
      entity.getNetworkRefs().clear();
      entity.getNetworkRefs().addAll(refs);
    }
  }

  private static Set<String> networkRefs(DefinitionSpec spec) {
    Set<String> refs = new LinkedHashSet<>();
    List<NetworkAdapterSpec> adapters =
        spec.virtualMachine() != null
            ? spec.virtualMachine().networkAdapters()
            : spec.container() != null ? spec.container().networkAdapters() : List.of();
    adapters.forEach(a -> refs.add(a.network()));
    return refs;
  }

  // ---- status ----

  static StatusEntity pendingRow(UUID id) {
    return new StatusEntity(
        id, Phase.Pending, JSON.writeValueAsString(DefinitionStatus.pending()), null);
  }

  static DefinitionStatus readStatus(StatusEntity row) {
    // the memo lives in its own column (V3); status_json no longer carries it
    return JSON.readValue(row.getStatusJson(), DefinitionStatus.class)
        .withMemo(row.getMemoJson())
        .withHost(row.getHost());
  }

  static String statusJson(DefinitionStatus complete) {
    return JSON.writeValueAsString(complete);
  }

  static void writeStatus(StatusEntity row, DefinitionStatus status) {
    DefinitionStatus complete = complete(status);
    row.set(complete.phase(), statusJson(complete), complete.memo());
  }

  /** Defaults for what a writer left out: phase Pending, no conditions. */
  static DefinitionStatus complete(DefinitionStatus status) {
    return new DefinitionStatus(
        status.phase() != null ? status.phase() : Phase.Pending,
        status.observedGeneration(),
        status.computeSystemId(),
        status.incarnation(),
        status.restartCount(),
        status.lastExit(),
        status.nextRetryAt(),
        status.message(),
        status.conditions() != null ? List.copyOf(status.conditions()) : List.of(),
        status.memo(),
        status.host());
  }

  static DefinitionStatus withPhase(DefinitionStatus s, Phase phase, String message) {
    return new DefinitionStatus(
        phase,
        s.observedGeneration(),
        s.computeSystemId(),
        s.incarnation(),
        s.restartCount(),
        s.lastExit(),
        s.nextRetryAt(),
        message,
        s.conditions(),
        s.memo(),
        s.host());
  }

  /** Deleting is what clients see until the row is gone, whatever the reconciler wrote since. */
  static DefinitionStatus shown(boolean deleting, DefinitionStatus status) {
    return deleting && status.phase() != Phase.Deleting
        ? withPhase(status, Phase.Deleting, status.message())
        : status;
  }

  // ---- rows to definitions ----

  Definition toDefinition(DefinitionEntity entity) {
    return toDefinition(entity, statuses.findById(entity.getId()).orElse(null));
  }

  static Definition toDefinition(DefinitionEntity entity, StatusEntity row) {
    DefinitionStatus status = row != null ? readStatus(row) : DefinitionStatus.pending();
    return new Definition(
        entity.getId(),
        entity.getGeneration(),
        entity.getCreatedAt(),
        entity.getUpdatedAt(),
        entity.isDeleting(),
        entity.getStartRequests(),
        entity.getRestartRequests(),
        readSpec(entity),
        shown(entity.isDeleting(), status));
  }
}
