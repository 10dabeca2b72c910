package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.RestartPolicy;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What to do after an exit the service did not ask for: a pure function of the restart policy, the
 * exit, the restarts in a row so far, {@code maxRestarts} and the backoff.
 */
sealed interface RestartDecision {

  /** Replace the system now; {@code streak} restarts in a row including this one. */
  record RestartNow(int streak) implements RestartDecision {}

  /** Replace the system after {@code delay}. */
  record RestartAfter(int streak, Duration delay) implements RestartDecision {}

  /** The policy does not restart after this exit: stay stopped until a start or a change. */
  record Hold() implements RestartDecision {}

  /** Too many restarts in a row: {@code Failed} until a start or a change. */
  record Fail(String message) implements RestartDecision {}

  static RestartDecision decide(
      RestartPolicy policy,
      ExitType exit,
      Integer exitCode,
      int streak,
      Integer maxRestarts,
      IntFunction<Duration> backoff) {
    if (!restarts(policy == null ? RestartPolicy.Always : policy, exit, exitCode)) {
      return new Hold();
    }
    int n = streak + 1;
    if (maxRestarts != null && n > maxRestarts) {
      return new Fail(
          "Exceeded maxRestarts (" + maxRestarts + "): " + streak + " consecutive restarts");
    }
    Duration delay = backoff.apply(n);
    return delay.isZero() ? new RestartNow(n) : new RestartAfter(n, delay);
  }

  private static boolean restarts(RestartPolicy policy, ExitType exit, Integer exitCode) {
    return switch (policy) {
      case Always -> true;
      case Never -> false;
      case OnFailure ->
          switch (exit) {
            case GracefulExit -> false;
            case ProcessExit -> exitCode == null || exitCode != 0;
            default -> true;
          };
    };
  }
}
