package dev.hcsorchestrator.definition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code host_reservation} sums (migration V8): per host, what its assigned definitions
 * reserved and their number. Every write of an assigned row's host or reservation goes through
 * here, in the caller's transaction, so the sums always equal those of the rows; reading them is
 * one row per host whatever the fleet's size.
 */
@Component
class HostReservations {

  /** What a definition reserves when assigned: what its spec asks for, 0 where it asks nothing. */
  record Reservation(int processors, long memoryMb) {

    static Reservation of(DefinitionSpec s) {
      Integer processors =
          s.virtualMachine() != null
              ? s.virtualMachine().processors()
              : s.container() != null ? s.container().processors() : null;
      Long memory =
          s.virtualMachine() != null
              ? s.virtualMachine().memoryMB()
              : s.container() != null ? s.container().memoryMB() : null;
      return new Reservation(processors != null ? processors : 0, memory != null ? memory : 0);
    }
  }

  /** An assigned row's host and reservation, read under its row lock. */
  record Held(String host, long processors, long memoryMb) {}

  private final JdbcClient jdbc;

  HostReservations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Map<String, DefinitionPlacements.Allocation> all() {
    Map<String, DefinitionPlacements.Allocation> by = new LinkedHashMap<>();
    jdbc.sql("select host, processors, memory_mb, definitions from host_reservation")
        .query(
            (r, i) ->
                by.put(
                    r.getString("host"),
                    new DefinitionPlacements.Allocation(
                        r.getLong("processors"), r.getLong("memory_mb"), r.getInt("definitions"))))
        .list();
    by.values().removeIf(a -> a.definitions() == 0);
    return by;
  }

  DefinitionPlacements.Allocation of(String host) {
    return jdbc.sql(
            "select processors, memory_mb, definitions from host_reservation where host = ?")
        .param(host)
        .query(
            (r, i) ->
                new DefinitionPlacements.Allocation(
                    r.getLong("processors"), r.getLong("memory_mb"), r.getInt("definitions")))
        .optional()
        .orElse(DefinitionPlacements.Allocation.NONE);
  }

  /**
   * Adds to {@code host}'s sums. Assignments to one host are made under its fleet row's lock, so
   * two first inserts of the same host's row cannot race; releases and deletes only subtract from a
   * row an assignment made.
   */
  void add(String host, long processors, long memoryMb, int definitions) {
    int updated =
        jdbc.sql(
                "update host_reservation set processors = processors + ?,"
                    + " memory_mb = memory_mb + ?, definitions = definitions + ? where host = ?")
            .params(processors, memoryMb, definitions, host)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into host_reservation (host, processors, memory_mb, definitions)"
                  + " values (?, ?, ?, ?)")
          .params(host, processors, memoryMb, definitions)
          .update();
    }
  }

  /** The assigned row of {@code id} is about to be deleted. */
  void leaving(UUID id) {
    held(id).ifPresent(this::released);
  }

  /** {@code h}'s row no longer holds its host. */
  void released(Held h) {
    add(h.host(), -h.processors(), -h.memoryMb(), -1);
  }

  /** The spec of {@code id} changed: its reservation on its host, if it has one, follows. */
  void respec(UUID id, DefinitionSpec spec) {
    held(id)
        .ifPresent(
            h -> {
              Reservation now = Reservation.of(spec);
              if (now.processors() == h.processors() && now.memoryMb() == h.memoryMb()) {
                return;
              }
              jdbc.sql(
                      "update definition_status set reserved_processors = ?,"
                          + " reserved_memory_mb = ? where definition_id = ?")
                  .params(now.processors(), now.memoryMb(), id)
                  .update();
              add(h.host(), now.processors() - h.processors(), now.memoryMb() - h.memoryMb(), 0);
            });
  }

  /**
   * The host and reservation of {@code id}'s row, locked until the transaction ends; empty when
   * unassigned.
   */
  java.util.Optional<Held> held(UUID id) {
    return jdbc.sql(
            "select host, reserved_processors, reserved_memory_mb from definition_status"
                + " where definition_id = ? and host is not null for update")
        .param(id)
        .query(
            (r, i) ->
                new Held(
                    r.getString("host"),
                    r.getLong("reserved_processors"),
                    r.getLong("reserved_memory_mb")))
        .optional();
  }
}
