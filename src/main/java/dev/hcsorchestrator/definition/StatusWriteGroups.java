package dev.hcsorchestrator.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the reconcile workers' status writes: whoever holds the lock runs every write
 * queued by then (at most {@link #MAX_GROUP}) in one transaction, so workers writing at the same
 * time share one commit instead of paying one each. Each caller returns only once its write is
 * committed, so a write-ahead is as durable as before. When a group's transaction fails as a whole,
 * each of its writes runs again alone and gets its own answer.
 *
 * <p>A caller already inside a transaction writes in that one, as before.
 */
final class StatusWriteGroups {

  /** Enough for every worker at once, few enough to keep one transaction short. */
  static final int MAX_GROUP = 32;

  private static final class Queued {
    final Runnable write;
    RuntimeException failure;
    boolean done;

    Queued(Runnable write) {
      this.write = write;
    }
  }

  private final ReentrantLock lock = new ReentrantLock(true);
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final TransactionTemplate transaction;

  StatusWriteGroups(PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
  }

  void run(Runnable write) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      write.run();
      return;
    }
    Queued mine = new Queued(write);
    queue.add(mine);
    lock.lock();
    try {
      if (!mine.done) {
        // still queued: no holder before took it, so this thread runs the group (and itself)
        List<Queued> group = new ArrayList<>();
        for (Queued q; group.size() < MAX_GROUP && (q = queue.poll()) != null; ) {
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
  }

  private void runGroup(List<Queued> group) {
    try {
      transaction.executeWithoutResult(s -> group.forEach(q -> q.write.run()));
    } catch (RuntimeException whole) {
      if (group.size() == 1) {
        group.get(0).failure = whole;
      } else {
        for (Queued q : group) {
          try {
            transaction.executeWithoutResult(s -> q.write.run());
          } catch (RuntimeException alone) {
            q.failure = alone;
          }
        }
      }
    }
    group.forEach(q -> q.done = true);
  }
}
