package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseUnavailableTest {

  @Test
  void noConnectionWithinThePoolsWaitIsUnavailable() {
    assertThat(
            DatabaseUnavailable.causes(
                new CannotCreateTransactionException(
                    "Could not open JPA EntityManager for transaction",
                    new SQLTransientConnectionException("request timed out after 10000ms"))))
        .isTrue();
  }

  @Test
  void aConnectionLostAtTheCommitIsUnavailable() {
    // PostgreSQL's driver: "An I/O error occurred while sending to the backend", state 08006
    assertThat(
            DatabaseUnavailable.causes(
                new TransactionSystemException(
                    "Could not commit JPA transaction",
                    new RuntimeException(new SQLException("I/O error", "08006")))))
        .isTrue();
  }

  @Test
  void theServerShuttingDownOrOutOfSpaceIsUnavailable() {
    assertThat(DatabaseUnavailable.causes(new SQLException("admin shutdown", "57P01"))).isTrue();
    assertThat(DatabaseUnavailable.causes(new SQLException("cannot connect now", "57P03")))
        .isTrue();
    assertThat(DatabaseUnavailable.causes(new SQLException("disk full", "53100"))).isTrue();
  }

  @Test
  void anEmbeddedDatabaseClosedAfterAFailedWriteIsUnavailable() {
    // H2 answers "The database has been closed" (90098) with this subclass
    assertThat(
            DatabaseUnavailable.causes(
                new JpaSystemException(
                    new RuntimeException(
                        new SQLNonTransientConnectionException(
                            "The database has been closed", "90098", 90098)))))
        .isTrue();
  }

  @Test
  void anEmbeddedDatabaseWhoseFileCannotBeWrittenIsUnavailable() {
    // H2's first answer when its store cannot write its file (a full disk, the file size limit):
    // "General error" (HY000, 50000) over the store's failure over the file system's IOException
    java.io.IOException tooLarge = new java.io.IOException("File too large");
    SQLException generalError =
        new org.h2.jdbc.JdbcSQLNonTransientException(
            "General error: Writing to sun.nio.ch.FileChannelImpl failed; length 8192 at 126976",
            null,
            "HY000",
            50000,
            new IllegalStateException("Writing to sun.nio.ch.FileChannelImpl failed", tooLarge),
            null);
    assertThat(
            DatabaseUnavailable.causes(
                new JpaSystemException(new RuntimeException("could not execute", generalError))))
        .isTrue();
  }

  @Test
  void springsTransientAndResourceFailuresAreUnavailable() {
    assertThat(DatabaseUnavailable.causes(new QueryTimeoutException("statement timeout"))).isTrue();
    assertThat(DatabaseUnavailable.causes(new DataAccessResourceFailureException("no database")))
        .isTrue();
  }

  @Test
  void errorsTheSameRequestWouldMeetAgainAreNot() {
    assertThat(DatabaseUnavailable.causes(new IllegalStateException("a bug"))).isFalse();
    assertThat(DatabaseUnavailable.causes(new SQLSyntaxErrorException("bad SQL", "42601")))
        .isFalse();
    assertThat(
            DatabaseUnavailable.causes(
                new DataIntegrityViolationException(
                    "duplicate", new SQLIntegrityConstraintViolationException("dup", "23505"))))
        .isFalse();
    assertThat(DatabaseUnavailable.causes(new UncheckedIOException("x", new java.io.IOException())))
        .isFalse();
  }

  @Test
  void aCauseChainThatLoopsEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(DatabaseUnavailable.causes(b)).isFalse();
  }
}
