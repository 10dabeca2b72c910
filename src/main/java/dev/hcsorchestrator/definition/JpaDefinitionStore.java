package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.config.FleetProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link DefinitionStore} on JPA: the reconciler's reads (from the cache of committed state where
 * it can) and its status, event and removal writes. Each method says its transaction, and {@link
 * #get} has none on a hit: a resync reads every definition several times over, and a hit must not
 * pay for the transaction machinery around a map look-up.
 */
@Service
class JpaDefinitionStore implements DefinitionStore {

  private final DefinitionRepository definitions;
  private final StatusRepository statuses;
  private final NetworkRepository networks;
  private final EventLog events;
  private final DefinitionRows rows;
  private final DefinitionCache cache;
  private final HostReservations reservations;
  private final NetworkHostRows networkHosts;
  private final String host;
  private final TransactionTemplate read;
  private final StatusWriteGroups groups;
  private final JdbcClient jdbc;

  JpaDefinitionStore(
      DefinitionRepository definitions,
      StatusRepository statuses,
      NetworkRepository networks,
      EventLog events,
      DefinitionRows rows,
      HostReservations reservations,
      NetworkHostRows networkHosts,
      FleetProperties fleet,
      PlatformTransactionManager transactions,
      DataSource dataSource,
      JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.groups = new StatusWriteGroups(new JdbcTransactionManager(dataSource));
    this.reservations = reservations;
    this.definitions = definitions;
    this.statuses = statuses;
    this.networks = networks;
    this.events = events;
    this.rows = rows;
    this.cache = rows.cache();
    this.networkHosts = networkHosts;
    this.host = fleet.resolvedHostName();
    this.read = new TransactionTemplate(transactions);
    read.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
    read.setReadOnly(true);
  }

  @Override
  @Transactional(readOnly = true)
  public List<UUID> ids() {
    return definitions.findAllIds();
  }

  @Override
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
    // a miss reads as the method did when it was transactional: it joins a caller's transaction
    return read.execute(tx -> load(id, cacheable));
  }

  private Optional<Definition> load(UUID id, boolean cacheable) {
    long stamp = cache.stamp(id);
    // spec and status rows in one statement
    List<Object[]> found = definitions.findWithStatus(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = found.get(0);
    Definition definition =
        DefinitionRows.toDefinition((DefinitionEntity) row[0], (StatusEntity) row[1]);
    if (cacheable) {
      cache.put(id, stamp, definition);
    }
    return Optional.of(definition);
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Definition> find(String name) {
    return definitions.findByName(name).map(rows::toDefinition);
  }

  @Override
  @Transactional(readOnly = true)
  public List<Network> networks() {
    return networks.findAll().stream().map(NetworkEntity::toNetwork).toList();
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Network> network(String name) {
    return networks.findById(name).map(NetworkEntity::toNetwork);
  }

  @Override
  @Transactional(readOnly = true)
  public Set<String> networksInUse() {
    return Set.copyOf(definitions.networksInUse());
  }

  @Override
  @Transactional
  public void reportNetwork(String network, NetworkOnHost.State state, String message) {
    if (state == null) {
      networkHosts.remove(network, host);
    } else {
      networkHosts.put(network, host, state, message, rows.now());
    }
  }

  @Override
  @Transactional(readOnly = true)
  public List<NetworkOnHost> networkReports() {
    return networkHosts.of(host);
  }

  @Override
  @Transactional
  public void updateStatus(UUID id, DefinitionStatus status) {
    write(id, status, null);
  }

  /** Writes the status, if {@code host} is not null only while the row is assigned to it. */
  private void write(UUID id, DefinitionStatus status, String host) {
    // Only the status row is written: the spec row and its version stay untouched.
    DefinitionStatus complete = DefinitionRows.complete(status);
    String json = DefinitionRows.statusJson(complete);
    if (host == null) {
      overwrite(id, complete, json);
    } else if (overwriteAssigned(id, complete, json, host) == 0) {
      rows.evictAfterCommit(id); // not this host's any more: read it afresh
      return;
    }
    // The status row is all that changed: the cached definition takes the new status, so a pass
    // over a definition that converged reads nothing.
    Object mark = cache.mark(id);
    DefinitionRows.afterCommit(
        () ->
            cache.replace(
                id,
                mark,
                // the assignment is not the reconciler's to write: keep the cached one
                d ->
                    d.withStatus(
                        DefinitionRows.shown(d.deleting(), complete.withHost(d.status().host())))));
    rows.written(id);
  }

  // Plain statements rather than repository queries: the reconciler's hottest writes, and the
  // persistence context holds nothing they would have to flush first.
  private void overwrite(UUID id, DefinitionStatus complete, String json) {
    jdbc.sql(
            "update definition_status set phase = ?, status_json = ?, memo_json = ?"
                + " where definition_id = ?")
        .params(complete.phase().name(), json, complete.memo(), id)
        .update();
  }

  /** 0 when the row is not assigned to {@code host} (or gone). */
  private int overwriteAssigned(UUID id, DefinitionStatus complete, String json, String host) {
    return jdbc.sql(
            "update definition_status set phase = ?, status_json = ?, memo_json = ?"
                + " where definition_id = ? and host = ?")
        .params(complete.phase().name(), json, complete.memo(), id, host)
        .update();
  }

  @Override
  @Transactional
  public void recordEvent(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation) {
    if (definitions.idExists(id)) {
      events.add(id, rows.now(), type, message, computeSystemId, incarnation);
    }
  }

  @Override
  public void updateStatus(UUID id, DefinitionStatus status, List<NewEvent> newEvents) {
    // No transaction of its own: a whole reconcile pass's writes in one transaction, shared with
    // the writes of other workers
    // committing at the same moment (group commit).
    groups.run(() -> writeWithEvents(id, status, newEvents, null));
  }

  @Override
  public void updateStatusAssigned(
      UUID id, DefinitionStatus status, List<NewEvent> newEvents, String host) {
    groups.run(() -> writeWithEvents(id, status, newEvents, host));
  }

  private boolean exists(UUID id) {
    return jdbc.sql("select count(*) from definition where id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Runs inside the group's transaction: plain statements only (no persistence context there). */
  private void writeWithEvents(
      UUID id, DefinitionStatus status, List<NewEvent> newEvents, String host) {
    // a definition in the cache of committed state exists (its removal evicts it): no read then
    if (!newEvents.isEmpty() && (cache.get(id) != null || exists(id))) {
      Instant now = rows.now();
      for (NewEvent e : newEvents) {
        events.insert(id, now, e.type(), e.message(), e.computeSystemId(), e.incarnation());
      }
    }
    if (status != null) {
      write(id, status, host);
    }
  }

  @Override
  @Transactional
  public void remove(UUID id) {
    events.removeAll(id);
    reservations.leaving(id);
    statuses.deleteById(id);
    definitions.deleteById(id);
    rows.evictAfterCommit(id);
    rows.written(id);
  }
}
