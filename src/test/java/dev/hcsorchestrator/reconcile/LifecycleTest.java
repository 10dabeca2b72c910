package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.reconcile.IncarnationState.BackingOff;
import dev.hcsorchestrator.reconcile.IncarnationState.Cause;
import dev.hcsorchestrator.reconcile.IncarnationState.Exited;
import dev.hcsorchestrator.reconcile.IncarnationState.Held;
import dev.hcsorchestrator.reconcile.IncarnationState.Planned;
import dev.hcsorchestrator.reconcile.IncarnationState.Running;
import dev.hcsorchestrator.reconcile.IncarnationState.Saved;
import dev.hcsorchestrator.reconcile.IncarnationState.Stopping;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The running step's decision when the current incarnation has no system, as a table: (stored
 * state, incarnation) → action. The pass's clock stands at {@link #NOW}.
 */
class LifecycleTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final String FILE = "/storage/d/saved-3.vmrs";

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "nothing yet: the first",
            IncarnationState.NONE,
            0L,
            new Lifecycle.Create(1, null, EventType.Started)),
        Arguments.of(
            "stored, never created: the same id again",
            new Planned(FILE),
            3L,
            new Lifecycle.Create(3, FILE, EventType.Started)),
        Arguments.of("held", new Held(2, new Exited()), 3L, new Lifecycle.Hold()),
        Arguments.of(
            "held before the first", new Held(1, IncarnationState.NONE), 0L, new Lifecycle.Hold()),
        Arguments.of(
            "backing off",
            new BackingOff(NOW.plusSeconds(5)),
            3L,
            new Lifecycle.Wait(NOW.plusSeconds(5))),
        Arguments.of(
            "backoff over",
            new BackingOff(NOW),
            3L,
            new Lifecycle.Create(4, null, EventType.Restarted)),
        Arguments.of(
            "backoff cleared by a start",
            new BackingOff(null),
            3L,
            new Lifecycle.Create(4, null, EventType.Restarted)),
        Arguments.of(
            "stopped as asked: the next, uncounted",
            new Stopping(Cause.Asked, NOW, null),
            3L,
            new Lifecycle.Create(4, null, EventType.Started)),
        Arguments.of(
            "gone after a host-shutdown save: the next restores",
            new Stopping(Cause.HostShutdown, NOW, FILE),
            3L,
            new Lifecycle.Create(4, FILE, EventType.Started)),
        Arguments.of(
            "replaced for its health: counted",
            new Stopping(Cause.Unhealthy, NOW, null),
            3L,
            new Lifecycle.CountExit(true)),
        Arguments.of(
            "saved: the next restores",
            new Saved(FILE),
            3L,
            new Lifecycle.Create(4, FILE, EventType.Started)),
        Arguments.of(
            "exit accounted for",
            new Exited(),
            3L,
            new Lifecycle.Create(4, null, EventType.Started)),
        Arguments.of(
            "gone while running: counted", new Running(NOW), 3L, new Lifecycle.CountExit(false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void aMissingSystemIsDecidedByTheStoredState(
      String name, IncarnationState state, long incarnation, Lifecycle.Action action) {
    assertThat(Lifecycle.whenGone(state, incarnation, NOW)).isEqualTo(action);
  }
}
