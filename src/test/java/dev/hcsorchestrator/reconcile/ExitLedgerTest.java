package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ExitType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExitLedgerTest {

  ExitLedger exits = new ExitLedger();
  Instant t0 = Instant.parse("2026-12-01T08:00:00Z");

  @Test
  void theFirstExitOfASystemWinsOverTheTerminateThatFollowsIt() {
    ExitLedger.Exit workload = new ExitLedger.Exit(ExitType.ProcessExit, 3, t0);
    exits.record("sys", workload);
    exits.record("sys", new ExitLedger.Exit(ExitType.ForcedExit, null, t0.plusSeconds(1)));

    assertThat(exits.peek("sys")).contains(workload);
    assertThat(exits.take("sys")).contains(workload);
  }

  @Test
  void peekKeepsTheExitAndTakeRemovesIt() {
    ExitLedger.Exit crash = new ExitLedger.Exit(ExitType.UnexpectedExit, null, t0);
    exits.record("sys", crash);

    assertThat(exits.peek("sys")).contains(crash);
    assertThat(exits.peek("sys")).contains(crash);
    assertThat(exits.take("sys")).contains(crash);
    assertThat(exits.take("sys")).isEmpty();
    assertThat(exits.peek("sys")).isEmpty();
  }

  @Test
  void afterATakeTheNextExitOfTheSameIdIsRecorded() {
    exits.record("sys", new ExitLedger.Exit(ExitType.GracefulExit, null, t0));
    exits.take("sys");
    ExitLedger.Exit next = new ExitLedger.Exit(ExitType.ForcedExit, null, t0.plusSeconds(5));

    exits.record("sys", next);

    assertThat(exits.peek("sys")).contains(next);
    assertThat(exits.peek("other")).isEmpty();
  }
}
