package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V3: a status row written by the old schema (the memo as the last member of {@code
 * status_json}) keeps everything, with the memo moved to {@code memo_json} as a version 1 document.
 */
class MemoMigrationTest {

  /** A status row exactly as the code before V3 wrote it (Jackson output, captured). */
  static final String OLD_STATUS =
      "{\"phase\":\"Running\",\"observedGeneration\":2,"
          + "\"computeSystemId\":\"9b0f6c1e-3e57-5d6f-8a0d-8f2f3f0c9a41\",\"incarnation\":3,"
          + "\"restartCount\":1,\"lastExit\":{\"type\":\"UnexpectedExit\",\"exitCode\":-1,"
          + "\"at\":\"2026-11-29T01:02:03.123456Z\"},\"nextRetryAt\":null,"
          + "\"message\":\"msg \\\"memo\\\":{x}\",\"conditions\":[{\"type\":\"Ready\","
          + "\"status\":\"True\",\"reason\":\"Running\",\"message\":\"\","
          + "\"lastTransitionTime\":\"2026-11-29T01:02:03.123456Z\"}],"
          + "\"memo\":"
          + OldMemo.MEMBERS
          + "}";

  /** The old memo object; its path holds braces and escapes, which the move must survive. */
  static final class OldMemo {
    static final String BODY =
        "\"systemGeneration\":2,\"backoffStreak\":1,"
            + "\"runningSince\":\"2026-11-29T01:02:03.123456Z\","
            + "\"savedStateFile\":\"C:\\\\data\\\\{odd}\\\\saved-2.vmrs\","
            + "\"observedStartRequests\":1,\"observedRestartRequests\":0,\"stopRequestedAt\":null,"
            + "\"exitRequested\":false,\"startedIncarnation\":3,\"specHash\":\"abc\","
            + "\"holdGeneration\":0,\"exitHandledIncarnation\":2,\"restartPending\":false,"
            + "\"processIncarnation\":0,\"provisionedGeneration\":2,\"restoredFrom\":null";
    static final String MEMBERS = "{" + BODY + "}";
  }

  @Test
  void anOldStatusRowKeepsItsStatusAndItsMemoBecomesAVersionOneDocument() throws SQLException {
    String url = "jdbc:h2:mem:memo-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    migratesAnOldRow(url, "sa", "h2");
  }

  /** Migrates the database at {@code url} to V2, writes an old row, migrates on and checks it. */
  static void migratesAnOldRow(String url, String user, String vendor) throws SQLException {
    String[] locations = {"classpath:db/migration", "classpath:db/vendor/" + vendor};
    Flyway.configure().dataSource(url, user, "").locations(locations).target("2").load().migrate();
    UUID id = UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      try (PreparedStatement p =
          c.prepareStatement(
              "insert into definition (id, name, kind, desired_state, spec_json, generation,"
                  + " deleting, start_requests, restart_requests, created_at, updated_at, version)"
                  + " values (?, 'old', 'VirtualMachine', 'Running', '{}', 2, false, 1, 0,"
                  + " current_timestamp, current_timestamp, 0)")) {
        p.setObject(1, id);
        p.executeUpdate();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "insert into definition_status (definition_id, phase, status_json) values (?, ?, ?)")) {
        p.setObject(1, id);
        p.setString(2, "Running");
        p.setString(3, OLD_STATUS);
        p.executeUpdate();
      }
    }

    Flyway.configure().dataSource(url, user, "").locations(locations).load().migrate();

    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement p =
            c.prepareStatement(
                "select status_json, memo_json from definition_status where definition_id = ?")) {
      p.setObject(1, id);
      try (ResultSet r = p.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString("status_json"))
            .isEqualTo(OLD_STATUS.substring(0, OLD_STATUS.indexOf(",\"memo\":{\"system")) + "}");
        assertThat(r.getString("memo_json")).isEqualTo(MIGRATED_MEMO);
      }
    }
  }

  /** What V3 makes of {@link OldMemo}; the reconcile module's BookkeepingTest reads this string. */
  static final String MIGRATED_MEMO = "{\"version\":1," + OldMemo.BODY + "}";
}
