package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The gate a host shutdown closes: passes in flight are waited for, later ones do not act. */
class ShutdownGateTest {

  static final Duration SHORT = Duration.ofMillis(50);

  final ShutdownGate gate = new ShutdownGate();

  /** Whether another thread could close the gate now, i.e. no pass holds it and no lock leaked. */
  boolean closesFromAnotherThread() {
    return CompletableFuture.supplyAsync(() -> gate.close(SHORT)).join();
  }

  @Test
  void anOpenGateLetsPassesInAndCloseWaitsForNoneWhenIdle() {
    assertThat(gate.closed()).isFalse();
    assertThat(gate.enter()).isTrue();
    gate.leave();

    assertThat(gate.close(SHORT)).isTrue();

    assertThat(gate.closed()).isTrue();
    assertThat(gate.enter()).as("no pass acts once closed").isFalse();
    assertThat(closesFromAnotherThread())
        .as("neither close nor a refused enter keeps a lock")
        .isTrue();
  }

  @Test
  void closeGivesUpAfterItsWaitWhileAPassIsInFlightAndSucceedsOnceItLeft() {
    assertThat(gate.enter()).isTrue();

    assertThat(closesFromAnotherThread()).isFalse();
    assertThat(gate.closed()).isTrue();

    gate.leave();
    assertThat(closesFromAnotherThread()).isTrue();
  }
}
