package dev.hcsorchestrator.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code fleet_host} table. Lease times are the database's clock ({@code current_timestamp}),
 * never a host's own: hosts whose clocks disagree still agree on who is lost.
 */
final class HostRows {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  /** A row, with the database's time of the read. */
  record Row(
      String name,
      Map<String, String> labels,
      long processors,
      long memoryMb,
      boolean cordoned,
      boolean draining,
      Instant leaseExpiresAt,
      String version,
      Instant now) {

    boolean leaseCurrent() {
      return leaseExpiresAt.isAfter(now);
    }

    HostState state() {
      if (!leaseCurrent()) {
        return HostState.Lost;
      }
      return draining ? HostState.Draining : cordoned ? HostState.Cordoned : HostState.Ready;
    }
  }

  private final JdbcClient jdbc;

  HostRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Instant databaseNow() {
    return jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single().toInstant();
  }

  /**
   * Registers or re-registers this host with a fresh lease; a returning host keeps its cordon (an
   * operator's decision outlives a restart).
   */
  void register(
      String name,
      Map<String, String> labels,
      long processors,
      long memoryMb,
      String version,
      Duration lease) {
    Instant now = databaseNow();
    OffsetDateTime expires = stamp(now.plus(lease));
    String labelsJson = JSON.writeValueAsString(new TreeMap<>(labels));
    int updated =
        jdbc.sql(
                "update fleet_host set labels_json = ?, capacity_processors = ?,"
                    + " capacity_memory_mb = ?, version = ?, lease_expires_at = ? where name = ?")
            .params(labelsJson, processors, memoryMb, version, expires, name)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into fleet_host (name, labels_json, capacity_processors, capacity_memory_mb,"
                  + " cordoned, draining, lease_expires_at, registered_at, version)"
                  + " values (?, ?, ?, ?, false, false, ?, ?, ?)")
          .params(name, labelsJson, processors, memoryMb, expires, stamp(now), version)
          .update();
    }
  }

  /**
   * Extends this host's lease by {@code lease} from the database's now; empty if its row is gone.
   * Answers how long ago, by the database's clock, the previous renewal reached it (its expiry less
   * {@code lease}). Only this host writes its lease, so the read before the update is its own.
   */
  Optional<LeaseGuard.Renewal> renew(String name, Duration lease) {
    record Lease(Instant expires, Instant now) {}
    Optional<Lease> before =
        jdbc.sql(
                "select lease_expires_at, current_timestamp as db_now from fleet_host where name = ?")
            .param(name)
            .query(
                (r, i) ->
                    new Lease(
                        r.getObject("lease_expires_at", OffsetDateTime.class).toInstant(),
                        r.getObject("db_now", OffsetDateTime.class).toInstant()))
            .optional();
    if (before.isEmpty()) {
      return Optional.empty();
    }
    Instant now = before.get().now();
    int updated =
        jdbc.sql("update fleet_host set lease_expires_at = ? where name = ?")
            .params(stamp(now.plus(lease)), name)
            .update();
    if (updated != 1) {
      return Optional.empty();
    }
    Duration since = Duration.between(before.get().expires().minus(lease), now);
    return Optional.of(new LeaseGuard.Renewal(since.isNegative() ? Duration.ZERO : since));
  }

  List<Row> all() {
    return jdbc.sql(SELECT + " order by name").query(HostRows::row).list();
  }

  Optional<Row> find(String name) {
    return jdbc.sql(SELECT + " where name = ?").param(name).query(HostRows::row).optional();
  }

  /**
   * Locks the host's row until the caller's transaction ends: assignments to one host are
   * serialised by the database, so two schedulers cannot both fill its last room.
   */
  Optional<Row> lock(String name) {
    return jdbc.sql(SELECT + " where name = ? for update")
        .param(name)
        .query(HostRows::row)
        .optional();
  }

  boolean setCordoned(String name, boolean cordoned) {
    return jdbc.sql("update fleet_host set cordoned = ?, draining = false where name = ?")
            .params(cordoned, name)
            .update()
        == 1;
  }

  /** Cordons the host and marks it draining; false if there is no such host. */
  boolean setDraining(String name) {
    return jdbc.sql("update fleet_host set cordoned = true, draining = true where name = ?")
            .param(name)
            .update()
        == 1;
  }

  private static final String SELECT =
      "select name, labels_json, capacity_processors, capacity_memory_mb, cordoned, draining,"
          + " lease_expires_at, version, current_timestamp as db_now from fleet_host";

  private static Row row(ResultSet r, int i) throws SQLException {
    return new Row(
        r.getString("name"),
        JSON.readValue(r.getString("labels_json"), LABELS),
        r.getLong("capacity_processors"),
        r.getLong("capacity_memory_mb"),
        r.getBoolean("cordoned"),
        r.getBoolean("draining"),
        r.getObject("lease_expires_at", OffsetDateTime.class).toInstant(),
        r.getString("version"),
        r.getObject("db_now", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime stamp(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
