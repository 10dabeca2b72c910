package dev.hcsorchestrator.reconcile;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Closes the reconciler when the host shuts down: passes and sweeps run under the read side, a host
 * shutdown sets the flag and then waits (bounded) on the write side for the passes in flight, so
 * that from then on nothing restarts what the host-shutdown actions end.
 */
final class ShutdownGate {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** Enters a pass; false once the host is shutting down (then the pass must not act). */
  boolean enter() {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      return false;
    }
    return true;
  }

  void leave() {
    lock.readLock().unlock();
  }

  boolean closed() {
    return closed;
  }

  /**
   * No new pass acts from now on; waits at most {@code wait} for the passes in flight. True when
   * they all ended.
   */
  boolean close(Duration wait) {
    closed = true;
    try {
      if (lock.writeLock().tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        lock.writeLock().unlock();
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
