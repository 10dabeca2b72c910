package dev.hcsorchestrator.definition;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Definitions} on JPA: the owner's commands and reads over spec, status, events and
 * networks, each in their own table. The reconciler's side is {@link JpaDefinitionStore}.
 */
// @Repository: JPA's exceptions leave as Spring's (a unique index violated by a concurrent create
// is a DataIntegrityViolationException, a lock lost to one a ConcurrencyFailureException).
@Repository
@Transactional
class JpaDefinitions implements Definitions {

  private final DefinitionRepository definitions;
  private final StatusRepository statuses;
  private final NetworkRepository networks;
  private final EventLog events;
  private final DefinitionRows rows;
  private final DefinitionValidator validator;
  private final EntityManager entityManager;
  private final SerialWrites serial;
  private final DiskClaims claims;
  private final NetworkWrites networkWrites;
  private final HostReservations reservations;
  private final NetworkHostRows networkHosts;

  JpaDefinitions(
      DefinitionRepository definitions,
      StatusRepository statuses,
      NetworkRepository networks,
      EventLog events,
      DefinitionRows rows,
      DefinitionValidator validator,
      StoredSpecs stored,
      EntityManager entityManager,
      PlatformTransactionManager transactions,
      JdbcClient jdbc,
      HostReservations reservations,
      NetworkHostRows networkHosts) {
    this.reservations = reservations;
    this.definitions = definitions;
    this.networkHosts = networkHosts;
    this.statuses = statuses;
    this.networks = networks;
    this.events = events;
    this.rows = rows;
    this.validator = validator;
    this.entityManager = entityManager;
    this.networkWrites = new NetworkWrites(networks, definitions, validator, rows, networkHosts);
    this.claims =
        new DiskClaims(() -> stored.virtualMachinesExcept(null), definitions::existsByName);
    this.serial = new SerialWrites(transactions, jdbc, claims);
  }

  // A write checks its body on its own first (shape, paths: file system reads, never the host),
  // outside any lock. The checks against other definitions or networks (names, disk claims, users
  // of a network) then run one write at a time across the fleet (SerialWrites, which commits the
  // writes queued meanwhile together), answered from indexes; the claims index takes a write's
  // claims at once (SerialWrites drops it when that write rolls back). These writes open their
  // transaction themselves.

  @Override
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public Definition create(DefinitionSpec spec) {
    DefinitionValidator.Checked checked = validator.validate(spec, null);
    DefinitionSpec normalized = SpecDefaults.apply(spec);
    return serial.run(() -> createNow(normalized, checked));
  }

  private Definition createNow(DefinitionSpec normalized, DefinitionValidator.Checked checked) {
    if (definitions.existsByName(normalized.name())) {
      throw new DefinitionException.Conflict(
          "A definition named '" + normalized.name() + "' already exists");
    }
    claims.requireFree(normalized.name(), checked.uses());
    Definition created = insert(normalized);
    claims.record(normalized.name(), checked.uses());
    return created;
  }

  @Override
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public PutResult<Definition> put(String name, DefinitionSpec spec, Long expectedGeneration) {
    // the stored kind, for the answer to list every broken rule; checked again under the lock
    Kind storedKind = definitions.findKindByName(name).orElse(null);
    DefinitionValidator.Checked checked = validator.validate(spec, name, storedKind);
    return serial.run(() -> putNow(name, spec, expectedGeneration, checked));
  }

  private PutResult<Definition> putNow(
      String name,
      DefinitionSpec spec,
      Long expectedGeneration,
      DefinitionValidator.Checked checked) {
    Optional<DefinitionEntity> existing = definitions.findByName(name);
    if (existing.isEmpty()) {
      if (expectedGeneration != null) {
        throw new DefinitionException.PreconditionFailed(
            "If-Match given, but no definition named '" + name + "' exists");
      }
      claims.requireFree(name, checked.uses());
      Definition created = insert(SpecDefaults.apply(withName(spec, name)));
      claims.record(name, checked.uses());
      return new PutResult<>(created, true);
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
    DefinitionValidator.requireKind(spec, entity.getKind());
    requireNotDeleting(entity);
    claims.requireFree(name, checked.uses());
    claims.record(name, checked.uses());
    DefinitionSpec before = DefinitionRows.readSpec(entity);
    DefinitionSpec after = SpecDefaults.apply(withName(spec, name));
    if (!after.equals(before)) {
      Instant now = rows.now();
      boolean desiredChanged = before.desiredState() != after.desiredState();
      boolean otherChanged = !before.withDesiredState(after.desiredState()).equals(after);
      DefinitionRows.writeSpec(entity, after);
      reservations.respec(entity.getId(), after);
      entity.nextGeneration();
      entity.setUpdatedAt(now);
      if (otherChanged) {
        events.add(entity.getId(), now, EventType.Updated, "Spec replaced", null, null);
      }
      if (desiredChanged) {
        events.add(
            entity.getId(),
            now,
            EventType.DesiredStateChanged,
            desiredMessage(before.desiredState(), after.desiredState()),
            null,
            null);
      }
      rows.changed(entity.getId());
    }
    return new PutResult<>(rows.toDefinition(entity), false);
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Definition> find(String name) {
    return definitions.findByName(name).map(rows::toDefinition);
  }

  @Override
  @Transactional(readOnly = true)
  public DefinitionPage list(DefinitionQuery query) {
    Specification<DefinitionEntity> filter = filter(query);
    Page<DefinitionEntity> page =
        definitions.findAll(
            filter, PageRequest.of(query.page(), query.size(), Sort.by("name").ascending()));
    return new DefinitionPage(
        page.getContent().stream().map(rows::toDefinition).toList(),
        query.size(),
        query.page(),
        page.getTotalElements(),
        page.getTotalPages());
  }

  @Override
  public Definition requestDeletion(String name) {
    // declared here, not only as the interface's default, so that it runs in this class's
    // transaction (a default method carries no @Transactional and would call the other one
    // past the proxy)
    return requestDeletion(name, generation -> true);
  }

  @Override
  public Definition act(String name, OwnerAction action) {
    return act(name, action, generation -> true);
  }

  @Override
  public Definition requestDeletion(String name, LongPredicate precondition) {
    DefinitionEntity entity = require(name);
    requireGeneration(entity, precondition);
    if (!entity.isDeleting()) {
      Instant now = rows.now();
      entity.markDeleting();
      entity.setUpdatedAt(now);
      StatusEntity status = statusOf(entity.getId());
      DefinitionStatus current = DefinitionRows.readStatus(status);
      DefinitionRows.writeStatus(
          status, DefinitionRows.withPhase(current, Phase.Deleting, "Deletion requested"));
      rows.changed(entity.getId());
    }
    return rows.toDefinition(entity);
  }

  @Override
  public Definition act(String name, OwnerAction action, LongPredicate precondition) {
    DefinitionEntity entity = require(name);
    requireGeneration(entity, precondition);
    requireNotDeleting(entity);
    if (action.virtualMachineOnly() && entity.getKind() != Kind.VirtualMachine) {
      throw new DefinitionException.Conflict(
          action.pathName() + " applies to a VirtualMachine only");
    }
    boolean changed = setDesired(entity, action.desiredState());
    // Start and restart carry a counter the reconciler acts on once, even if already Running.
    if (action == OwnerAction.Start) {
      entity.bumpStartRequests();
      changed = true;
    } else if (action == OwnerAction.Restart) {
      entity.bumpRestartRequests();
      changed = true;
    }
    if (changed) {
      rows.changed(entity.getId());
    }
    return rows.toDefinition(entity);
  }

  @Override
  @Transactional(readOnly = true)
  public List<DefinitionEvent> events(String name, int limit) {
    return events.newestFirst(require(name).getId(), limit);
  }

  // ---- networks ----

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
  @Transactional(readOnly = true)
  public List<NetworkOnHost> networkReports() {
    return networkHosts.all();
  }

  @Override
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public PutResult<Network> putNetwork(Network network) {
    validator.validateNetwork(network);
    return serial.run(() -> networkWrites.put(network));
  }

  @Override
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public void deleteNetwork(String name) {
    serial.run(
        () -> {
          networkWrites.delete(name);
          return null;
        });
  }

  // ---- internals ----

  /** The queue of writes that compare definitions (for tests). */
  SerialWrites serialWrites() {
    return serial;
  }

  private Definition insert(DefinitionSpec spec) {
    Instant now = rows.now();
    DefinitionEntity entity =
        new DefinitionEntity(UUID.randomUUID(), spec.name(), spec.kind(), now);
    DefinitionRows.writeSpec(entity, spec);
    // persist, not save(): both ids are assigned, so save() would merge and SELECT each row first.
    entityManager.persist(entity);
    entityManager.persist(DefinitionRows.pendingRow(entity.getId()));
    events.started(entity.getId());
    events.add(entity.getId(), now, EventType.Created, "Definition created", null, null);
    rows.changed(entity.getId());
    return rows.toDefinition(entity);
  }

  private boolean setDesired(DefinitionEntity entity, DesiredState desired) {
    DefinitionSpec spec = DefinitionRows.readSpec(entity);
    if (spec.desiredState() == desired) {
      return false;
    }
    Instant now = rows.now();
    DefinitionRows.writeSpec(entity, spec.withDesiredState(desired));
    entity.nextGeneration();
    entity.setUpdatedAt(now);
    events.add(
        entity.getId(),
        now,
        EventType.DesiredStateChanged,
        desiredMessage(spec.desiredState(), desired),
        null,
        null);
    return true;
  }

  private static void requireGeneration(DefinitionEntity entity, LongPredicate precondition) {
    if (!precondition.test(entity.getGeneration())) {
      throw new DefinitionException.PreconditionFailed(
          "If-Match does not match the current generation \"" + entity.getGeneration() + "\"");
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
    return statuses.findById(id).orElseGet(() -> statuses.save(DefinitionRows.pendingRow(id)));
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
}
