package dev.hcsorchestrator.definition;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@link Definitions} on JPA: spec, status, events and networks each in their own table. */
// @Repository: JPA's exceptions leave as Spring's (a unique index violated by a concurrent create
// is a DataIntegrityViolationException, a lock lost to one a ConcurrencyFailureException).
@Repository
@Transactional
class JpaDefinitions implements Definitions {

  static final int MAX_EVENTS_PER_DEFINITION = 1000;

  /**
   * The trim query runs on the first event of a definition after start-up and then on every this
   * many inserts, not on each: a definition keeps at most {@code MAX_EVENTS_PER_DEFINITION +
   * TRIM_EVERY - 1} rows, and {@link #events} never returns more than the newest {@code
   * MAX_EVENTS_PER_DEFINITION}.
   */
  static final int TRIM_EVERY = 64;

  // Stored JSON is our own; tolerate fields a newer version may have written.
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final DefinitionRepository definitions;
  private final StatusRepository statuses;
  private final EventRepository events;
  private final NetworkRepository networks;
  private final DefinitionValidator validator;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;
  private final EntityManager entityManager;
  // Events inserted per definition since its last trim; lost on restart, so the first insert after
  // start-up trims (counters start at -1).
  private final ConcurrentMap<UUID, AtomicInteger> insertsSinceTrim = new ConcurrentHashMap<>();
  private final DefinitionCache cache = new DefinitionCache();

  JpaDefinitions(
      DefinitionRepository definitions,
      StatusRepository statuses,
      EventRepository events,
      NetworkRepository networks,
      DefinitionValidator validator,
      ApplicationEventPublisher publisher,
      EntityManager entityManager) {
    this.definitions = definitions;
    this.statuses = statuses;
    this.events = events;
    this.networks = networks;
    this.validator = validator;
    this.publisher = publisher;
    this.clock = Clock.systemUTC();
    this.entityManager = entityManager;
  }

  // ---- owner side ----

  @Override
  public Definition create(DefinitionSpec spec) {
    validator.validate(spec, null);
    DefinitionSpec normalized = SpecDefaults.apply(spec);
    if (definitions.existsByName(normalized.name())) {
      throw new DefinitionException.Conflict(
          "A definition named '" + normalized.name() + "' already exists");
    }
    return insert(normalized);
  }

  @Override
  public PutResult<Definition> put(String name, DefinitionSpec spec, Long expectedGeneration) {
    Optional<DefinitionEntity> existing = definitions.findByName(name);
    if (existing.isEmpty()) {
      if (expectedGeneration != null) {
        throw new DefinitionException.PreconditionFailed(
            "If-Match given, but no definition named '" + name + "' exists");
      }
      validator.validate(spec, name);
      return new PutResult<>(insert(SpecDefaults.apply(withName(spec, name))), true);
    }
    DefinitionEntity entity = existing.get();
    if (expectedGeneration != null && expectedGeneration != entity.getGeneration()) {
      throw new DefinitionException.PreconditionFailed(
          "If-Match \""
              + expectedGeneration
              + "\" does not match the current generation \""
              + entity.getGeneration()
              + "\"");
    }
    validator.validateReplacement(spec, name, entity.getKind());
    requireNotDeleting(entity);
    DefinitionSpec before = readSpec(entity);
    DefinitionSpec after = SpecDefaults.apply(withName(spec, name));
    if (!after.equals(before)) {
      Instant now = now();
      boolean desiredChanged = before.desiredState() != after.desiredState();
      boolean otherChanged = !before.withDesiredState(after.desiredState()).equals(after);
      writeSpec(entity, after);
      entity.nextGeneration();
      entity.setUpdatedAt(now);
      if (otherChanged) {
        addEvent(entity.getId(), now, EventType.Updated, "Spec replaced", null, null);
      }
      if (desiredChanged) {
        addEvent(
            entity.getId(),
            now,
            EventType.DesiredStateChanged,
            desiredMessage(before.desiredState(), after.desiredState()),
            null,
            null);
      }
      changed(entity.getId());
    }
    return new PutResult<>(toDefinition(entity), false);
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Definition> find(String name) {
    return definitions.findByName(name).map(this::toDefinition);
  }

  @Override
  @Transactional(readOnly = true)
  public DefinitionPage list(DefinitionQuery query) {
    Specification<DefinitionEntity> filter = filter(query);
    Page<DefinitionEntity> page =
        definitions.findAll(
            filter, PageRequest.of(query.page(), query.size(), Sort.by("name").ascending()));
    return new DefinitionPage(
        page.getContent().stream().map(this::toDefinition).toList(),
        query.size(),
        query.page(),
        page.getTotalElements(),
        page.getTotalPages());
  }

  @Override
  public Definition requestDeletion(String name) {
    DefinitionEntity entity = require(name);
    if (!entity.isDeleting()) {
      Instant now = now();
      entity.markDeleting();
      entity.setUpdatedAt(now);
      StatusEntity status = statusOf(entity.getId());
      DefinitionStatus current = readStatus(status);
      writeStatus(status, withPhase(current, Phase.Deleting, "Deletion requested"));
      changed(entity.getId());
    }
    return toDefinition(entity);
  }

  @Override
  public Definition changeDesiredState(String name, DesiredState desiredState) {
    DefinitionEntity entity = require(name);
    requireNotDeleting(entity);
    if (desiredState.virtualMachineOnly() && entity.getKind() != Kind.VirtualMachine) {
      throw new DefinitionException.Conflict(
          "Desired state " + desiredState + " applies to a VirtualMachine only");
    }
    if (setDesired(entity, desiredState)) {
      changed(entity.getId());
    }
    return toDefinition(entity);
  }

  @Override
  public Definition requestStart(String name) {
    return runWithRequest(name, DefinitionEntity::bumpStartRequests);
  }

  @Override
  public Definition requestRestart(String name) {
    return runWithRequest(name, DefinitionEntity::bumpRestartRequests);
  }

  /** Desired state Running plus a counter the reconciler acts on once, even if already Running. */
  private Definition runWithRequest(String name, Consumer<DefinitionEntity> bumpCounter) {
    DefinitionEntity entity = require(name);
    requireNotDeleting(entity);
    setDesired(entity, DesiredState.Running);
    bumpCounter.accept(entity);
    changed(entity.getId());
    return toDefinition(entity);
  }

  @Override
  @Transactional(readOnly = true)
  public List<DefinitionEvent> events(String name, int limit) {
    DefinitionEntity entity = require(name);
    int bounded = Math.max(1, Math.min(limit, MAX_EVENTS_PER_DEFINITION));
    return events.newestFirst(entity.getId(), PageRequest.of(0, bounded)).stream()
        .map(EventEntity::toEvent)
        .toList();
  }

  @Override
  @Transactional(readOnly = true)
  public List<Network> networks() {
    return networks.findAll(Sort.by("name")).stream().map(NetworkEntity::toNetwork).toList();
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Network> network(String name) {
    return networks.findById(name).map(NetworkEntity::toNetwork);
  }

  @Override
  public PutResult<Network> putNetwork(Network network) {
    validator.validateNetwork(
        network, networks.findAll().stream().map(NetworkEntity::toNetwork).toList());
    Optional<NetworkEntity> existing = networks.findById(network.name());
    NetworkEntity entity = existing.orElseGet(() -> new NetworkEntity(network.name()));
    entity.set(network);
    networks.save(entity);
    return new PutResult<>(entity.toNetwork(), existing.isEmpty());
  }

  @Override
  public void deleteNetwork(String name) {
    NetworkEntity entity =
        networks
            .findById(name)
            .orElseThrow(() -> new DefinitionException.NotFound("No network named '" + name + "'"));
    if (definitions.isNetworkUsed(name)) {
      throw new DefinitionException.Conflict(
          "Network '" + name + "' is used by at least one definition");
    }
    networks.delete(entity);
  }

  // ---- reconciler side ----

  @Override
  @Transactional(readOnly = true)
  public List<UUID> ids() {
    return definitions.findAllIds();
  }

  @Override
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<Definition> get(UUID id) {
    // The reconciler's read on every pass. Outside a caller's transaction it is served from the
    // cache of committed state; inside one, the caller may have written uncommitted rows.
    boolean cacheable = !TransactionSynchronizationManager.isActualTransactionActive();
    if (cacheable) {
      Definition hit = cache.get(id);
      if (hit != null) {
        return Optional.of(hit);
      }
    }
    long stamp = cache.stamp(id);
    // spec and status rows in one statement
    List<Object[]> rows = definitions.findWithStatus(id);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    Definition found = toDefinition((DefinitionEntity) row[0], (StatusEntity) row[1]);
    if (cacheable) {
      cache.put(id, stamp, found);
    }
    return Optional.of(found);
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status) {
    // Only the status row is written: the spec row and its version stay untouched.
    DefinitionStatus complete = complete(status);
    statuses.overwrite(id, complete.phase(), JSON.writeValueAsString(complete));
    // The status row is all that changed: the cached definition takes the new status, so a pass
    // over a definition that converged reads nothing.
    Object mark = cache.mark(id);
    afterCommit(() -> cache.replace(id, mark, d -> d.withStatus(shown(d.deleting(), complete))));
  }

  @Override
  public void recordEvent(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
    if (definitions.idExists(id)) {
      addEvent(id, now(), type, message, computeSystemId, incarnation);
    }
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status, List<NewEvent> events) {
    // One transaction (the class is @Transactional) for a whole reconcile pass's writes.
    if (!events.isEmpty() && definitions.idExists(id)) {
      Instant now = now();
      for (NewEvent e : events) {
        addEvent(id, now, e.type(), e.message(), e.computeSystemId(), e.incarnation());
      }
    }
    if (status != null) {
      updateStatus(id, status);
    }
  }

  @Override
  public void remove(UUID id) {
    events.deleteAllOf(id);
    statuses.deleteById(id);
    definitions.deleteById(id);
    insertsSinceTrim.remove(id);
    evictAfterCommit(id);
  }

  // ---- internals ----

  /** A change of the definition's rows: the reconciler is told once the change is committed. */
  private void changed(UUID id) {
    evictAfterCommit(id);
    publisher.publishEvent(new DefinitionChanged(id));
  }

  private void evictAfterCommit(UUID id) {
    afterCommit(() -> cache.evict(id));
  }

  private static void afterCommit(Runnable cacheUpdate) {
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

  private Definition insert(DefinitionSpec spec) {
    Instant now = now();
    DefinitionEntity entity =
        new DefinitionEntity(UUID.randomUUID(), spec.name(), spec.kind(), now);
    writeSpec(entity, spec);
    // persist, not save(): both ids are assigned, so save() would merge and SELECT each row first.
    entityManager.persist(entity);
    entityManager.persist(
        new StatusEntity(entity.getId(), Phase.Pending, JSON.writeValueAsString(pending())));
    insertsSinceTrim.put(entity.getId(), new AtomicInteger()); // a new definition has no events
    addEvent(entity.getId(), now, EventType.Created, "Definition created", null, null);
    changed(entity.getId());
    return toDefinition(entity);
  }

  private static DefinitionStatus pending() {
    return DefinitionStatus.pending();
  }

  private boolean setDesired(DefinitionEntity entity, DesiredState desired) {
    DefinitionSpec spec = readSpec(entity);
    if (spec.desiredState() == desired) {
      return false;
    }
    Instant now = now();
    writeSpec(entity, spec.withDesiredState(desired));
    entity.nextGeneration();
    entity.setUpdatedAt(now);
    addEvent(
        entity.getId(),
        now,
        EventType.DesiredStateChanged,
        desiredMessage(spec.desiredState(), desired),
        null,
        null);
    return true;
  }

  private void writeSpec(DefinitionEntity entity, DefinitionSpec spec) {
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

  private void addEvent(
      UUID id,
      Instant at,
      EventType type,
      String message,
      String computeSystemId,
      Long incarnation) {
    String bounded =
        message != null && message.length() > 4000 ? message.substring(0, 4000) : message;
    entityManager.persist(new EventEntity(id, at, type, bounded, computeSystemId, incarnation));
    int inserted =
        insertsSinceTrim.computeIfAbsent(id, k -> new AtomicInteger(-1)).incrementAndGet();
    if (inserted % TRIM_EVERY == 0) {
      // Keep the newest MAX_EVENTS_PER_DEFINITION: find the first one past the limit, drop it and
      // older.
      List<Long> pastLimit =
          events.idsNewestFirst(id, PageRequest.of(MAX_EVENTS_PER_DEFINITION, 1));
      if (!pastLimit.isEmpty()) {
        events.deleteUpTo(id, pastLimit.get(0));
      }
    }
  }

  private DefinitionEntity require(String name) {
    return definitions
        .findByName(name)
        .orElseThrow(() -> new DefinitionException.NotFound("No definition named '" + name + "'"));
  }

  private static void requireNotDeleting(DefinitionEntity entity) {
    if (entity.isDeleting()) {
      throw new DefinitionException.Conflict(
          "Definition '" + entity.getName() + "' is being deleted");
    }
  }

  private StatusEntity statusOf(UUID id) {
    return statuses
        .findById(id)
        .orElseGet(
            () ->
                statuses.save(
                    new StatusEntity(id, Phase.Pending, JSON.writeValueAsString(pending()))));
  }

  private static void writeStatus(StatusEntity row, DefinitionStatus status) {
    DefinitionStatus complete = complete(status);
    row.set(complete.phase(), JSON.writeValueAsString(complete));
  }

  private static DefinitionStatus complete(DefinitionStatus status) {
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
        status.memo() != null ? status.memo() : ReconcileMemo.EMPTY);
  }

  private static DefinitionStatus withPhase(DefinitionStatus s, Phase phase, String message) {
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
        s.memo());
  }

  private Definition toDefinition(DefinitionEntity entity) {
    return toDefinition(entity, statuses.findById(entity.getId()).orElse(null));
  }

  private Definition toDefinition(DefinitionEntity entity, StatusEntity row) {
    DefinitionStatus status = row != null ? readStatus(row) : pending();
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

  private static DefinitionStatus shown(boolean deleting, DefinitionStatus status) {
    // Deleting is what clients see until the row is gone, whatever the reconciler wrote since.
    return deleting && status.phase() != Phase.Deleting
        ? withPhase(status, Phase.Deleting, status.message())
        : status;
  }

  private static DefinitionSpec readSpec(DefinitionEntity entity) {
    return JSON.readValue(entity.getSpecJson(), DefinitionSpec.class);
  }

  private static DefinitionStatus readStatus(StatusEntity row) {
    return JSON.readValue(row.getStatusJson(), DefinitionStatus.class);
  }

  /** The path names the definition; a body may leave the name out (a different one is a 400). */
  private static DefinitionSpec withName(DefinitionSpec s, String name) {
    return s.name() != null ? s : s.withName(name);
  }

  private static String desiredMessage(DesiredState from, DesiredState to) {
    return "Desired state changed from " + from + " to " + to;
  }

  private static Specification<DefinitionEntity> filter(DefinitionQuery query) {
    return (root, cq, cb) -> {
      List<Predicate> all = new ArrayList<>();
      if (query.kind() != null) {
        all.add(cb.equal(root.get("kind"), query.kind()));
      }
      if (query.phase() != null) {
        Subquery<UUID> withPhase = cq.subquery(UUID.class);
        var status = withPhase.from(StatusEntity.class);
        withPhase
            .select(status.get("definitionId"))
            .where(cb.equal(status.get("phase"), query.phase()));
        all.add(root.get("id").in(withPhase));
      }
      if (query.labels() != null) {
        for (Map.Entry<String, String> label : query.labels().entrySet()) {
          MapJoin<DefinitionEntity, String, String> join = root.joinMap("labels");
          all.add(cb.equal(join.key(), label.getKey()));
          all.add(cb.equal(join.value(), label.getValue()));
        }
      }
      return cb.and(all.toArray(Predicate[]::new));
    };
  }

  private Instant now() {
    // Microseconds: what the database keeps, so a re-read value equals the written one.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
