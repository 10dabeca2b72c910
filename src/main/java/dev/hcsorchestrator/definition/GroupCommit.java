package dev.hcsorchestrator.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Group commit: writers queue their writes for a fair lock, and whoever holds it runs every write
 * queued by then (at most a group's size) in one transaction, so writers that meet share one commit
 * instead of paying one each. A caller returns only once its own write is committed or refused.
 *
 * <p>A write refused by its checks ({@link DefinitionException}, thrown before it changed anything)
 * leaves the others of its group alone. When the group's transaction fails as a whole, each of its
 * writes runs again alone, so each gets its own answer.
 */
final class GroupCommit {

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
  private final int maxGroup;
  private final Consumer<Runnable> transaction;
  private final Runnable rolledBack;

  /**
   * @param transaction runs the writes it is given in one transaction and commits
   * @param rolledBack told after a transaction failed, to drop what it may have left in memory
   */
  GroupCommit(int maxGroup, Consumer<Runnable> transaction, Runnable rolledBack) {
    this.maxGroup = maxGroup;
    this.transaction = transaction;
    this.rolledBack = rolledBack;
  }

  /** Writes waiting for their turn, not yet taken into a group. */
  int queued() {
    return queue.size();
  }

  /** Whether a group is being written now. */
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
        for (Queued<?> q; group.size() < maxGroup && (q = queue.poll()) != null; ) {
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
      transaction.accept(() -> group.forEach(Queued::run));
    } catch (RuntimeException whole) {
      rolledBack.run();
      if (group.size() == 1) {
        group.get(0).failure = whole;
      } else {
        for (Queued<?> q : group) {
          try {
            transaction.accept(q::run);
          } catch (RuntimeException alone) {
            rolledBack.run();
            q.failure = alone;
          }
        }
      }
    }
    group.forEach(q -> q.done = true);
  }
}
