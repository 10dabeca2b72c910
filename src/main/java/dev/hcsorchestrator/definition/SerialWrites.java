package dev.hcsorchestrator.definition;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the writes whose checks read other rows (names, disk claims, the users and subnets of
 * networks) one at a time across the whole fleet. Two creates naming the same writable disk, or a
 * network deleted while a definition naming it is created, would otherwise both pass their checks:
 * each transaction sees only committed rows, and no unique index can express "a writable file
 * belongs to one definition".
 *
 * <p>Between hosts the database decides: every such transaction first locks the one row of {@code
 * definition_write_lock} ({@code select ... for update}, the same on H2 and PostgreSQL), so a write
 * through another host waits for the commit of this one and then reads what it committed. The row's
 * generation grows with every write; when it is not the one this process last wrote, another host
 * wrote since and the in-memory index of disk claims is rebuilt before it answers.
 *
 * <p>Inside one process the writes are committed in groups ({@link GroupCommit}): a burst of
 * creates costs one lock round and one commit, not one each.
 */
final class SerialWrites {

  /** Enough to take a burst in a few commits, few enough to keep one transaction short. */
  private static final int MAX_GROUP = 64;

  private final GroupCommit groups;
  private final TransactionTemplate transaction;
  private final JdbcClient jdbc;
  private final DiskClaims claims;
  // the lock row's generation after this process's last commit; -1: none yet
  private long seen = -1;

  SerialWrites(PlatformTransactionManager transactions, JdbcClient jdbc, DiskClaims claims) {
    this.transaction = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.claims = claims;
    // a rolled-back group may have left claims of its writes in the index
    this.groups = new GroupCommit(MAX_GROUP, this::inTransaction, claims::reset);
  }

  /** Writes waiting for their turn, not yet taken into a group (for tests). */
  int queued() {
    return groups.queued();
  }

  /** Whether a group is being written now (for tests). */
  boolean writing() {
    return groups.writing();
  }

  <T> T run(Supplier<T> write) {
    return groups.run(write);
  }

  private void inTransaction(Runnable writes) {
    transaction.executeWithoutResult(
        status -> {
          long generation =
              jdbc.sql("select generation from definition_write_lock where id = 1 for update")
                  .query(Long.class)
                  .single();
          if (generation != seen) {
            claims.reset(); // another host wrote since this process's index was built
          }
          writes.run();
          jdbc.sql("update definition_write_lock set generation = ? where id = 1")
              .param(generation + 1)
              .update();
          DefinitionRows.afterCommit(() -> seen = generation + 1);
        });
  }
}
