package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The pool's verdict on H2's errors. The whole path (a write failing on a full disk, the database
 * closed, the pool replacing its connections, writes again once there is space) is run by
 * scripts/reliability/h2-disk-full.sh (docs/reliability.md).
 */
class ClosedDatabaseEvictionTest {

  final ClosedDatabaseEviction eviction = new ClosedDatabaseEviction();

  @Test
  void aConnectionWhoseDatabaseWasClosedIsEvicted() {
    SQLException closed =
        new SQLException("The database has been closed [90098-240]", "90098", 90098);
    assertThat(eviction.adjudicate(closed)).isEqualTo(Override.MUST_EVICT);
  }

  @Test
  void otherErrorsAreLeftToThePoolsOwnRules() {
    SQLException duplicate =
        new SQLException("Unique index or primary key violation", "23505", 23505);
    assertThat(eviction.adjudicate(duplicate)).isEqualTo(Override.CONTINUE_EVICT);
  }
}
