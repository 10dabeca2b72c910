package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartDecisionTest {

  /** No delay for the first restart in a row, then 1 s, 2 s, 4 s... (no jitter). */
  static final Backoff BACKOFF =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0);

  @ParameterizedTest(name = "{0} after {1} (code {2}), streak {3}, max {4} -> {5}")
  @CsvSource(
      nullValues = "-",
      value = {
        // policy, exit, code, streak, maxRestarts, decision, streak after, delay ms
        "Always,    UnexpectedExit, -,  0, -, RestartNow,   1, 0",
        "-,         UnexpectedExit, -,  0, -, RestartNow,   1, 0",
        "Always,    GracefulExit,   -,  0, -, RestartNow,   1, 0",
        "Always,    UnexpectedExit, -,  1, -, RestartAfter, 2, 1000",
        "Always,    UnexpectedExit, -,  3, -, RestartAfter, 4, 4000",
        "Always,    UnexpectedExit, -, 40, -, RestartAfter, 41, 60000",
        "Never,     UnexpectedExit, -,  0, -, Hold,         -, -",
        "Never,     GracefulExit,   -,  0, 5, Hold,         -, -",
        "OnFailure, GracefulExit,   -,  0, -, Hold,         -, -",
        "OnFailure, ProcessExit,    0,  0, -, Hold,         -, -",
        "OnFailure, ProcessExit,    1,  0, -, RestartNow,   1, 0",
        "OnFailure, ProcessExit,    -,  0, -, RestartNow,   1, 0",
        "OnFailure, UnexpectedExit, -,  0, -, RestartNow,   1, 0",
        "OnFailure, ForcedExit,     -,  0, -, RestartNow,   1, 0",
        "OnFailure, Unknown,        -,  0, -, RestartNow,   1, 0",
        "OnFailure, Unhealthy,      -,  0, -, RestartNow,   1, 0",
        "Never,     Unhealthy,      -,  0, -, Hold,         -, -",
        "Always,    Unhealthy,      -,  2, 2, Fail,         -, -",
        "Always,    UnexpectedExit, -,  2, 3, RestartAfter, 3, 2000",
        "Always,    UnexpectedExit, -,  3, 3, Fail,         -, -",
        "Always,    UnexpectedExit, -,  0, 0, Fail,         -, -",
        "OnFailure, ProcessExit,    0,  9, 3, Hold,         -, -",
      })
  void decidesFromPolicyExitStreakAndMaxRestarts(
      RestartPolicy policy,
      ExitType exit,
      Integer code,
      int streak,
      Integer max,
      String decision,
      Integer streakAfter,
      Long delayMs) {
    RestartDecision d = RestartDecision.decide(policy, exit, code, streak, max, BACKOFF::delay);

    assertThat(d.getClass().getSimpleName()).isEqualTo(decision);
    if (d instanceof RestartDecision.RestartNow now) {
      assertThat(now.streak()).isEqualTo(streakAfter);
    } else if (d instanceof RestartDecision.RestartAfter later) {
      assertThat(later.streak()).isEqualTo(streakAfter);
      assertThat(later.delay()).isEqualTo(Duration.ofMillis(delayMs));
    } else if (d instanceof RestartDecision.Fail f) {
      assertThat(f.message())
          .isEqualTo("Exceeded maxRestarts (" + max + "): " + streak + " consecutive restarts");
    }
  }
}
