package dev.hcsorchestrator.definition;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the writes whose checks read other rows one at a time, each in a transaction committed
 * before the next one starts. Two creates naming the same writable disk, or a network deleted while
 * a definition naming it is created, would otherwise both pass their checks (each transaction sees
 * only committed rows, and no unique index can express "a writable file belongs to one
 * definition"). One service process owns the database (H2 holds a file lock), so a lock in the JVM
 * is enough. Writes are rare next to reads; the lock is fair, so a write waits its turn.
 */
final class SerialWrites {

  private final ReentrantLock lock = new ReentrantLock(true);
  private final TransactionTemplate transaction;

  SerialWrites(PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
  }

  <T> T run(Supplier<T> write) {
    lock.lock();
    try {
      return transaction.execute(status -> write.get());
    } finally {
      lock.unlock();
    }
  }
}
