package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Migration V3's regular expressions do on PostgreSQL what they do on H2 ({@link
 * MemoMigrationTest}).
 */
class MemoMigrationPostgresIT {

  @Test
  void anOldStatusRowKeepsItsStatusAndItsMemoBecomesAVersionOneDocumentOnPostgres()
      throws SQLException {
    MemoMigrationTest.migratesAnOldRow(TestPostgres.newDatabase(), "postgres", "postgresql");
  }
}
