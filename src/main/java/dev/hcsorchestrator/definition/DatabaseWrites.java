package dev.hcsorchestrator.definition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the database takes writes. A read-write transaction whose begin or commit fails records
 * the failure (Spring Boot registers this listener with the transaction manager); while one is
 * recorded, {@link #check} tries one small write of its own, at most once a second, and a write
 * that succeeds clears it. While writes work nothing is written for the check: an embedded H2 that
 * cannot write (its disk full, its file closed after a failed write) still answers reads and
 * connection checks, so only a write tells.
 */
@Component
public class DatabaseWrites implements TransactionExecutionListener {

  /** The last failure of a write, and when it was recorded. */
  public record Failure(Instant at, String cause) {}

  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private final JdbcClient jdbc;
  // looked up on first use: the transaction manager is made with this listener
  private final ObjectProvider<PlatformTransactionManager> transactions;
  private final Clock clock = Clock.systemUTC();
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final AtomicLong lastProbe = new AtomicLong(Long.MIN_VALUE);

  DatabaseWrites(JdbcClient jdbc, ObjectProvider<PlatformTransactionManager> transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Override
  public void afterBegin(TransactionExecution tx, Throwable beginFailure) {
    if (tx.isReadOnly()) {
      return;
    }
    if (beginFailure != null) {
      record(beginFailure);
    } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
      // a commit that fails with a data access error is not reported to afterCommit (only
      // TransactionExceptions are): a transaction that started committing and did not commit did
      // not write
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            private boolean committing;

            @Override
            public void beforeCommit(boolean readOnly) {
              committing = true;
            }

            @Override
            public void afterCompletion(int status) {
              if (committing && status != STATUS_COMMITTED) {
                record(new IllegalStateException("A commit failed"));
              }
            }
          });
    }
  }

  @Override
  public void afterCommit(TransactionExecution tx, Throwable commitFailure) {
    if (commitFailure != null && !tx.isReadOnly()) {
      record(commitFailure);
    }
  }

  /** Empty while writes work; otherwise the last failure, after trying a write again. */
  public Optional<Failure> check() {
    Failure known = failure.get();
    if (known == null) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    long last = lastProbe.get();
    // one caller probes; the others, and every caller within a second, answer what is known
    if ((last != Long.MIN_VALUE && now - last < PROBE_INTERVAL.toNanos())
        || !lastProbe.compareAndSet(last, now)) {
      return Optional.of(known);
    }
    try {
      new TransactionTemplate(transactions.getObject())
          .executeWithoutResult(
              status ->
                  jdbc.sql("update write_probe set written_at = current_timestamp where id = 1")
                      .update());
      failure.compareAndSet(known, null);
      return Optional.ofNullable(failure.get());
    } catch (RuntimeException e) {
      record(e);
      return Optional.ofNullable(failure.get());
    }
  }

  private void record(Throwable e) {
    failure.set(new Failure(clock.instant(), describe(e)));
  }

  /** The innermost message: the database's own words, e.g. H2's "Writing to ... failed". */
  private static String describe(Throwable e) {
    Throwable root = e;
    int depth = 0;
    while (root.getCause() != null && root.getCause() != root && depth++ < 32) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
