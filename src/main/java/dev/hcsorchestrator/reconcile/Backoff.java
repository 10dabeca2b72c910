package dev.hcsorchestrator.reconcile;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay before the {@code n}th restart in a row: none for the first, then {@code initial}
 * doubling up to {@code max}, plus up to 20 % jitter.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier jitter) {

  Duration delay(int n) {
    if (n <= 1) {
      return Duration.ZERO;
    }
    long first = initial.toNanos();
    long most = max.toNanos();
    int shift = n - 2;
    long base = shift >= 62 || first > (most >> Math.min(shift, 62)) ? most : first << shift;
    base = Math.min(most, base);
    double j = Math.max(0, Math.min(1, jitter.getAsDouble()));
    return Duration.ofNanos(base + (long) (base * 0.2 * j));
  }
}
