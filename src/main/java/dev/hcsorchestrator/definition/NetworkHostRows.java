package dev.hcsorchestrator.definition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rows of {@code network_host}: per declared network and host, what that host reports. Each
 * host writes only its own rows, one writer at a time (the reconciler serialises them), so an
 * update that found no row is followed by an insert without a race.
 */
@Component
class NetworkHostRows {

  private final JdbcClient jdbc;

  NetworkHostRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<NetworkOnHost> all() {
    return jdbc.sql(
            "select network_name, host_name, state, message, updated_at from network_host"
                + " order by network_name, host_name")
        .query(NetworkHostRows::row)
        .list();
  }

  List<NetworkOnHost> of(String host) {
    return jdbc.sql(
            "select network_name, host_name, state, message, updated_at from network_host"
                + " where host_name = ? order by network_name")
        .param(host)
        .query(NetworkHostRows::row)
        .list();
  }

  void put(String network, String host, NetworkOnHost.State state, String message, Instant at) {
    String shown =
        message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
    Timestamp when = Timestamp.from(at);
    int updated =
        jdbc.sql(
                "update network_host set state = ?, message = ?, updated_at = ?"
                    + " where network_name = ? and host_name = ?")
            .params(state.name(), shown, when, network, host)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into network_host (network_name, host_name, state, message, updated_at)"
                  + " values (?, ?, ?, ?, ?)")
          .params(network, host, state.name(), shown, when)
          .update();
    }
  }

  void remove(String network, String host) {
    jdbc.sql("delete from network_host where network_name = ? and host_name = ?")
        .params(network, host)
        .update();
  }

  /** Every host's report on a network whose declaration changed or went: they were about it. */
  void removeNetwork(String network) {
    jdbc.sql("delete from network_host where network_name = ?").param(network).update();
  }

  private static NetworkOnHost row(ResultSet rs, int n) throws SQLException {
    return new NetworkOnHost(
        rs.getString(1),
        rs.getString(2),
        NetworkOnHost.State.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getTimestamp(5).toInstant());
  }
}
