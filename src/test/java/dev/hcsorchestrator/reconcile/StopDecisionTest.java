package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.reconcile.IncarnationState.Cause;
import dev.hcsorchestrator.reconcile.IncarnationState.Stopping;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stop as a table: (stored stop, system state, shutdown timeout) at {@link #NOW} → what the
 * stopper does.
 */
class StopDecisionTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final Duration MINUTE = Duration.ofSeconds(60);

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "none yet, running: graceful",
            null,
            SystemState.Running,
            MINUTE,
            new StopDecision.Ask(true)),
        Arguments.of(
            "none yet, timeout zero: terminate at once",
            null,
            SystemState.Running,
            Duration.ZERO,
            new StopDecision.Ask(false)),
        Arguments.of(
            "none yet, paused: no guest to ask",
            null,
            SystemState.Paused,
            MINUTE,
            new StopDecision.Ask(false)),
        Arguments.of(
            "none yet, created only",
            null,
            SystemState.Created,
            MINUTE,
            new StopDecision.Ask(false)),
        Arguments.of(
            "a stored stop without its time (an early release's): asked again",
            new Stopping(Cause.Asked, null, null),
            SystemState.Running,
            MINUTE,
            new StopDecision.Ask(true)),
        Arguments.of(
            "asked, deadline ahead",
            new Stopping(Cause.Asked, NOW.minusSeconds(10), null),
            SystemState.Running,
            MINUTE,
            new StopDecision.Wait(NOW.plusSeconds(50))),
        Arguments.of(
            "asked, deadline now",
            new Stopping(Cause.Unhealthy, NOW.minus(MINUTE), null),
            SystemState.Running,
            MINUTE,
            new StopDecision.Terminate()),
        Arguments.of(
            "asked, deadline passed",
            new Stopping(Cause.Asked, NOW.minusSeconds(61), null),
            SystemState.Running,
            MINUTE,
            new StopDecision.Terminate()),
        Arguments.of(
            "asked with timeout zero, terminated: terminate again",
            new Stopping(Cause.Asked, NOW, null),
            SystemState.Running,
            Duration.ZERO,
            new StopDecision.Terminate()),
        Arguments.of(
            "terminated 9 s ago, still there: terminate again",
            new Stopping(Cause.Asked, NOW.minusSeconds(9), null),
            SystemState.Running,
            Duration.ZERO,
            new StopDecision.Terminate()),
        Arguments.of(
            "still there the grace after the deadline: overdue",
            new Stopping(Cause.Asked, NOW.minus(MINUTE).minus(PassTools.TERMINATE_GRACE), null),
            SystemState.Running,
            MINUTE,
            new StopDecision.Overdue(PassTools.TERMINATE_GRACE)),
        Arguments.of(
            "long overdue, paused",
            new Stopping(Cause.HostShutdown, NOW.minusSeconds(3600), null),
            SystemState.Paused,
            MINUTE,
            new StopDecision.Overdue(PassTools.TERMINATE_GRACE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(
      String name,
      Stopping stopping,
      SystemState state,
      Duration timeout,
      StopDecision.Action expected) {
    assertThat(StopDecision.decide(stopping, state, timeout, NOW)).isEqualTo(expected);
  }
}
