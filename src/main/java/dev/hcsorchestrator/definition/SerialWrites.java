package dev.hcsorchestrator.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Inside one process the writes queue for a fair lock, and whoever holds it runs every write
 * queued by then in one transaction (group commit): a burst of creates costs one lock round and one
 * commit, not one each. A write refused by its checks ({@link DefinitionException}, thrown before
 * it changed anything) leaves the others of its group alone; when the group's transaction fails as
 * a whole, each of its writes runs again alone, so each gets its own answer.
 */
final class SerialWrites {

  /** Enough to take a burst in a few commits, few enough to keep one transaction short. */
  private static final int MAX_GROUP = 64;

  private static final class Queued<T> {
    final Supplier<T> write;
    T value;
    RuntimeException failure;
    boolean done;

    Queued(Supplier<T> write) {
      this.write = write;
    }

    void run() {
      failure = null;
      try {
        value = write.get();
      } catch (DefinitionException e) {
        failure = e;
      }
    }
  }

  private final ReentrantLock lock = new ReentrantLock(true);
  private final ConcurrentLinkedQueue<Queued<?>> queue = new ConcurrentLinkedQueue<>();
  private final TransactionTemplate transaction;
  private final JdbcClient jdbc;
  private final DiskClaims claims;
  // the lock row's generation after this process's last commit; -1: none yet
  private long seen = -1;

  SerialWrites(PlatformTransactionManager transactions, JdbcClient jdbc, DiskClaims claims) {
    this.transaction = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.claims = claims;
  }

  /** Writes waiting for their turn, not yet taken into a group (for tests). */
  int queued() {
    return queue.size();
  }

  /** Whether a group is being written now (for tests). */
  boolean writing() {
    return lock.isLocked();
  }

  <T> T run(Supplier<T> write) {
    Queued<T> mine = new Queued<>(write);
    queue.add(mine);
    lock.lock();
    try {
      if (!mine.done) {
        // still queued: no holder before took it, so this thread runs the group (and itself)
        List<Queued<?>> group = new ArrayList<>();
        for (Queued<?> q; group.size() < MAX_GROUP && (q = queue.poll()) != null; ) {
          group.add(q);
        }
        if (!group.contains(mine)) {
          queue.remove(mine);
          group.add(mine);
        }
        runGroup(group);
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.value;
  }

  private void runGroup(List<Queued<?>> group) {
    try {
      inTransaction(group);
    } catch (RuntimeException whole) {
      claims.reset(); // it may hold claims of the writes just rolled back
      if (group.size() == 1) {
        group.get(0).failure = whole;
      } else {
        for (Queued<?> q : group) {
          try {
            inTransaction(List.of(q));
          } catch (RuntimeException alone) {
            claims.reset();
            q.failure = alone;
          }
        }
      }
    }
    group.forEach(q -> q.done = true);
  }

  private void inTransaction(List<Queued<?>> group) {
    transaction.executeWithoutResult(
        status -> {
          long generation =
              jdbc.sql("select generation from definition_write_lock where id = 1 for update")
                  .query(Long.class)
                  .single();
          if (generation != seen) {
            claims.reset(); // another host wrote since this process's index was built
          }
          group.forEach(Queued::run);
          jdbc.sql("update definition_write_lock set generation = ? where id = 1")
              .param(generation + 1)
              .update();
          DefinitionRows.afterCommit(() -> seen = generation + 1);
        });
  }
}
