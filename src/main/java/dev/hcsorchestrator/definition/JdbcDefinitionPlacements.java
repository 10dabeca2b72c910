package dev.hcsorchestrator.definition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link DefinitionPlacements} in SQL over the status rows' own assignment columns (migration V4);
 * definitions are read through the store, from its cache of committed state.
 */
@Service
@Transactional
class JdbcDefinitionPlacements implements DefinitionPlacements {

  private final JdbcClient jdbc;
  private final JpaDefinitionStore store;
  private final EventLog events;
  private final DefinitionRows rows;
  private final HostReservations reservations;

  JdbcDefinitionPlacements(
      JdbcClient jdbc,
      JpaDefinitionStore store,
      EventLog events,
      DefinitionRows rows,
      HostReservations reservations) {
    this.jdbc = jdbc;
    this.store = store;
    this.events = events;
    this.rows = rows;
    this.reservations = reservations;
  }

  @Override
  @Transactional(readOnly = true)
  public List<Unplaced> unassigned() {
    List<UUID> ids =
        jdbc.sql("select definition_id from definition_status where host is null")
            .query(UUID.class)
            .list();
    List<Unplaced> found = new ArrayList<>();
    for (UUID id : ids) {
      store
          .get(id)
          .filter(d -> d.status().host() == null)
          .map(this::unplaced)
          .ifPresent(found::add);
    }
    found.sort((a, b) -> a.name().compareTo(b.name()));
    return found;
  }

  private Unplaced unplaced(Definition d) {
    HostReservations.Reservation r = HostReservations.Reservation.of(d.spec());
    return new Unplaced(
        d.id(),
        d.name(),
        r.processors(),
        r.memoryMb(),
        d.spec().placement(),
        d.deleting(),
        d.status().message(),
        d.status().phase() != Phase.Pending);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Allocation> allocations() {
    return reservations.all();
  }

  @Override
  @Transactional(readOnly = true)
  public Allocation allocation(String host) {
    return reservations.of(host);
  }

  @Override
  public boolean assign(UUID id, String host, int processors, long memoryMb) {
    int updated =
        jdbc.sql(
                "update definition_status set host = ?, reserved_processors = ?,"
                    + " reserved_memory_mb = ? where definition_id = ? and host is null")
            .params(host, processors, memoryMb, id)
            .update();
    if (updated != 1) {
      return false;
    }
    reservations.add(host, processors, memoryMb, 1);
    events.add(id, rows.now(), EventType.Scheduled, "assigned to host " + host, null, null);
    rows.assigned(id, host);
    return true;
  }

  @Override
  public void unschedulable(UUID id, String message) {
    store
        .get(id)
        .filter(d -> d.status().host() == null && d.status().phase() == Phase.Pending)
        .filter(d -> !Objects.equals(d.status().message(), message))
        .ifPresent(
            d -> {
              DefinitionStatus pending =
                  DefinitionRows.complete(
                      DefinitionRows.withPhase(d.status(), Phase.Pending, message));
              // only while still unassigned: another host may have assigned it since the read
              int updated =
                  jdbc.sql(
                          "update definition_status set status_json = ? where definition_id = ?"
                              + " and host is null and phase = 'Pending'")
                      .params(DefinitionRows.statusJson(pending), id)
                      .update();
              if (updated == 1) {
                rows.changed(id);
              }
            });
  }

  @Override
  @Transactional(readOnly = true)
  public Map<UUID, Long> assignedTo(String host) {
    Map<UUID, Long> found = new HashMap<>();
    jdbc.sql(
            "select s.definition_id, d.version from definition_status s"
                + " join definition d on d.id = s.definition_id where s.host = ?")
        .param(host)
        .query((r, i) -> found.put(r.getObject("definition_id", UUID.class), r.getLong("version")))
        .list();
    return found;
  }

  @Override
  @Transactional(readOnly = true)
  public Map<UUID, String> failoverAssignedTo(Collection<String> hosts) {
    Map<UUID, String> found = new HashMap<>();
    for (String host : hosts) {
      for (UUID id :
          jdbc.sql("select definition_id from definition_status where host = ?")
              .param(host)
              .query(UUID.class)
              .list()) {
        store
            .get(id)
            .filter(d -> d.spec().failsOver() && host.equals(d.status().host()))
            .ifPresent(d -> found.put(id, host));
      }
    }
    return found;
  }

  @Override
  public boolean release(UUID id, String host, EventType event, String message) {
    Definition d = store.get(id).orElse(null);
    if (d == null) {
      return false;
    }
    // Pending again, so that the scheduler places it like any new definition (a phase past
    // Pending without a host marks what a release before hosts had started, kept where it is)
    DefinitionStatus pending =
        DefinitionRows.complete(DefinitionRows.withPhase(d.status(), Phase.Pending, message));
    Optional<HostReservations.Held> held = reservations.held(id);
    int updated =
        jdbc.sql(
                "update definition_status set host = null, reserved_processors = null,"
                    + " reserved_memory_mb = null, phase = 'Pending', status_json = ?"
                    + " where definition_id = ? and host = ?")
            .params(DefinitionRows.statusJson(pending), id, host)
            .update();
    if (updated != 1) {
      return false;
    }
    held.ifPresent(reservations::released);
    events.add(id, rows.now(), event, message, null, null);
    rows.changed(id);
    return true;
  }

  @Override
  public void record(UUID id, EventType event, String message) {
    events.add(id, rows.now(), event, message, null, null);
    rows.written(id);
  }

  @Override
  public void refresh(UUID id) {
    rows.changedHere(id);
  }
}
