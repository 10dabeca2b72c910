package dev.hcsorchestrator.fleet;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * When this host must fence itself: {@code fence-after} past the sending of its last successful
 * renewal, by its own monotonic clock, checked by the fence check and, before anything else, by
 * every renewal. A process that was paused entirely (a long garbage collection, {@code SIGSTOP}, a
 * suspended virtual machine) ran neither; the first renewal after it must not quietly revive a
 * lease that other hosts may already have acted on, so it fences first: when its own clock saw the
 * pause, and when the database says the previous renewal reached it longer than {@code fence-after}
 * ago (a clock that stood still with the machine).
 */
final class LeaseGuard {

  /** What a renewal found: how long before it the previous renewal reached the database. */
  record Renewal(Duration sincePrevious) {}

  private final long fenceAfterNanos;
  private final Duration fenceAfter;
  private final LongSupplier nanos;
  private final Runnable fence;

  /** {@code nanos} when the last renewal that succeeded was sent. */
  private volatile long renewalSentAt;

  LeaseGuard(Duration fenceAfter, LongSupplier nanos, Runnable fence) {
    this.fenceAfter = fenceAfter;
    this.fenceAfterNanos = fenceAfter.toNanos();
    this.nanos = nanos;
    this.fence = fence;
    this.renewalSentAt = nanos.getAsLong();
  }

  /** The host registered (its boot): counted from now. */
  void started() {
    renewalSentAt = nanos.getAsLong();
  }

  /** Whether {@code fence-after} has passed since the last successful renewal was sent. */
  boolean overdue() {
    return nanos.getAsLong() - renewalSentAt > fenceAfterNanos;
  }

  /** The periodic fence check. */
  void check() {
    if (overdue()) {
      fence.run();
    }
  }

  /**
   * One renewal through {@code renew}, which throws when the database cannot be reached (then
   * nothing changes here and the fence check counts on).
   */
  void renew(Supplier<Renewal> renew) {
    long sent = nanos.getAsLong();
    if (sent - renewalSentAt > fenceAfterNanos) {
      fence.run();
    }
    Renewal r = renew.get();
    if (r.sincePrevious().compareTo(fenceAfter) > 0) {
      fence.run();
    }
    renewalSentAt = sent;
  }
}
