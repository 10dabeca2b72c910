package dev.hcsorchestrator.reconcile;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A keyed work queue in the manner of client-go's: a key waiting is not queued twice, a key is
 * never handed to two workers at once, and a key added while it is processed runs again once {@link
 * #done} is called. Delayed adds keep only the earliest deadline per key; failures give a per-key
 * exponential delay.
 */
public final class WorkQueue<K> implements AutoCloseable {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private final Map<K, Delayed> delayed = new HashMap<>();
  private final ScheduledThreadPoolExecutor timer;
  private final Duration failureBase;
  private final Duration failureMax;
  private boolean shutDown;
  private boolean paused;

  private record Delayed(long deadlineNanos, ScheduledFuture<?> future) {}

  public WorkQueue(Duration failureBase, Duration failureMax) {
    this.failureBase = failureBase;
    this.failureMax = failureMax;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "work-queue-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Queues the key unless it already waits; a key in process is marked to run again after. */
  public void add(K key) {
    lock.lock();
    try {
      if (shutDown || dirty.contains(key)) {
        return;
      }
      dirty.add(key);
      if (!processing.contains(key)) {
        queue.addLast(key);
        available.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Adds the key after {@code delay}; an earlier pending deadline for the key wins. */
  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    long deadline = System.nanoTime() + delay.toNanos();
    lock.lock();
    try {
      if (shutDown) {
        return;
      }
      Delayed pending = delayed.get(key);
      if (pending != null && pending.deadlineNanos() <= deadline) {
        return;
      }
      if (pending != null) {
        pending.future().cancel(false);
      }
      ScheduledFuture<?> f =
          timer.schedule(() -> fire(key, deadline), delay.toNanos(), TimeUnit.NANOSECONDS);
      delayed.put(key, new Delayed(deadline, f));
    } finally {
      lock.unlock();
    }
  }

  private void fire(K key, long deadline) {
    lock.lock();
    try {
      Delayed pending = delayed.get(key);
      if (pending != null && pending.deadlineNanos() == deadline) {
        delayed.remove(key);
      }
    } finally {
      lock.unlock();
    }
    add(key);
  }

  /** Adds the key after its own exponential failure delay, and counts the failure. */
  public Duration addRateLimited(K key) {
    Duration delay;
    lock.lock();
    try {
      int n = failures.merge(key, 1, Integer::sum) - 1;
      delay = failureDelay(n);
    } finally {
      lock.unlock();
    }
    addAfter(key, delay);
    return delay;
  }

  Duration failureDelay(int previousFailures) {
    long base = failureBase.toNanos();
    long max = failureMax.toNanos();
    if (previousFailures >= 62 || base << previousFailures > max || base << previousFailures <= 0) {
      return failureMax;
    }
    return Duration.ofNanos(Math.min(max, base << previousFailures));
  }

  /** The key succeeded: its failure delay starts from the base again. */
  public void forget(K key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks for the next key and marks it in process; null once the queue is shut down, and while it
   * is paused.
   */
  public K take() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !shutDown && !paused) {
        available.await();
      }
      if (shutDown || paused) {
        return null;
      }
      K key = queue.pollFirst();
      dirty.remove(key);
      processing.add(key);
      return key;
    } finally {
      lock.unlock();
    }
  }

  /** The worker finished the key; if it was added meanwhile, it is queued again. */
  public void done(K key) {
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key) && !shutDown) {
        queue.addLast(key);
        available.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keys waiting to be taken (not those in process or delayed). */
  public int depth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys being processed right now. */
  public int inFlight() {
    lock.lock();
    try {
      return processing.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes every waiting worker with null and hands out no key until {@link #resume}; adds are kept
   * meanwhile, so nothing that changed during a pause is lost. A lifecycle stop pauses: the workers
   * may be started again.
   */
  public void pause() {
    lock.lock();
    try {
      paused = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Hands out keys again after {@link #pause}, those added meanwhile first. */
  public void resume() {
    lock.lock();
    try {
      paused = false;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting worker with null; adds are ignored from now on. */
  public void shutDown() {
    lock.lock();
    try {
      shutDown = true;
      available.signalAll();
      delayed.values().forEach(d -> d.future().cancel(false));
      delayed.clear();
    } finally {
      lock.unlock();
    }
    timer.shutdownNow();
  }

  @Override
  public void close() {
    shutDown();
  }
}
