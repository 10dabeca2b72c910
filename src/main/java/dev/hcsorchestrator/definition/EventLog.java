package dev.hcsorchestrator.definition;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A definition's events, bounded: both sides of the module append here, inside their transaction.
 */
@Component
class EventLog {

  static final int MAX_EVENTS_PER_DEFINITION = 1000;

  /**
   * The trim query runs on the first event of a definition after start-up and then on every this
   * many inserts, not on each: a definition keeps at most {@code MAX_EVENTS_PER_DEFINITION +
   * TRIM_EVERY - 1} rows, and {@link #newestFirst} never returns more than the newest {@code
   * MAX_EVENTS_PER_DEFINITION}.
   */
  static final int TRIM_EVERY = 64;

  static final int MAX_MESSAGE_LENGTH = 4000;

  private final EventRepository events;
  private final EntityManager entityManager;
  // Events inserted per definition since its last trim; lost on restart, so the first insert after
  // start-up trims (counters start at -1).
  private final ConcurrentMap<UUID, AtomicInteger> insertsSinceTrim = new ConcurrentHashMap<>();

  private final DefinitionCache cache;
  private final JdbcClient jdbc;

  EventLog(
      EventRepository events, EntityManager entityManager, DefinitionRows rows, JdbcClient jdbc) {
    this.events = events;
    this.entityManager = entityManager;
    this.cache = rows.cache();
    this.jdbc = jdbc;
  }

  /** A new definition has no events: its first insert need not trim. */
  void started(UUID id) {
    insertsSinceTrim.put(id, new AtomicInteger());
  }

  /**
   * Appends an event inside the caller's persistence-context transaction: what the context holds is
   * flushed first, since the definition the event's foreign key names may be persisted there and
   * not yet written.
   */
  void add(
      UUID id,
      Instant at,
      EventType type,
      String message,
      String computeSystemId,
      Long incarnation) {
    entityManager.flush();
    insert(id, at, type, message, computeSystemId, incarnation);
  }

  /**
   * Appends an event in one plain insert, inside the caller's transaction: for the reconciler's
   * status writes, whose transaction has no persistence context.
   */
  void insert(
      UUID id,
      Instant at,
      EventType type,
      String message,
      String computeSystemId,
      Long incarnation) {
    String bounded = bounded(message);
    jdbc.sql(
            "insert into definition_event"
                + " (definition_id, at, type, message, compute_system_id, incarnation)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            id,
            OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
            type.name(),
            bounded,
            computeSystemId,
            incarnation)
        .update();
    logOnCommit(id, type, bounded, computeSystemId, incarnation);
    if (trimDue(id)) {
      // keep the newest MAX_EVENTS_PER_DEFINITION: find the first one past the limit, drop it and
      // older
      List<Long> pastLimit =
          jdbc.sql(
                  "select id from definition_event where definition_id = ? order by id desc"
                      + " offset ? rows fetch next 1 rows only")
              .params(id, MAX_EVENTS_PER_DEFINITION)
              .query(Long.class)
              .list();
      if (!pastLimit.isEmpty()) {
        jdbc.sql("delete from definition_event where definition_id = ? and id <= ?")
            .params(id, pastLimit.get(0))
            .update();
      }
    }
  }

  private static String bounded(String message) {
    return message != null && message.length() > MAX_MESSAGE_LENGTH
        ? message.substring(0, MAX_MESSAGE_LENGTH)
        : message;
  }

  private boolean trimDue(UUID id) {
    int inserted =
        insertsSinceTrim.computeIfAbsent(id, k -> new AtomicInteger(-1)).incrementAndGet();
    return inserted % TRIM_EVERY == 0;
  }

  /** The operator's log line of a stored event, written once its transaction committed. */
  private void logOnCommit(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
    // the name never changes: the cached definition's saves a read per event
    Definition cached = cache.get(id);
    String name = cached != null ? cached.name() : null;
    if (name == null) {
      name =
          jdbc.sql("select name from definition where id = ?")
              .param(id)
              .query(String.class)
              .optional()
              .orElse(null);
    }
    String shown = name != null ? name : id.toString();
    Runnable log = () -> LifecycleLog.stored(shown, type, message, computeSystemId, incarnation);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      DefinitionRows.afterCommit(log);
    } else {
      log.run();
    }
  }

  /** Newest first, between 1 and {@code MAX_EVENTS_PER_DEFINITION}. */
  List<DefinitionEvent> newestFirst(UUID id, int limit) {
    int bounded = Math.max(1, Math.min(limit, MAX_EVENTS_PER_DEFINITION));
    return events.newestFirst(id, PageRequest.of(0, bounded)).stream()
        .map(EventEntity::toEvent)
        .toList();
  }

  void removeAll(UUID id) {
    events.deleteAllOf(id);
    insertsSinceTrim.remove(id);
  }
}
