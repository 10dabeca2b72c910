package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseGuardTest {

  private static final Duration FENCE_AFTER = Duration.ofSeconds(4);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<String> log = new ArrayList<>();
  private final LeaseGuard guard = new LeaseGuard(FENCE_AFTER, clock::get, () -> log.add("fence"));

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  private LeaseGuard.Renewal renewed(Duration sincePrevious) {
    log.add("renew");
    return new LeaseGuard.Renewal(sincePrevious);
  }

  @Test
  void timelyRenewalsNeverFence() {
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofSeconds(1));
      guard.renew(() -> renewed(Duration.ofSeconds(1)));
      guard.check();
    }
    assertThat(log).doesNotContain("fence");
  }

  @Test
  void theFenceCheckFencesOnlyOnceFenceAfterHasPassedSinceTheLastRenewalWasSent() {
    advance(FENCE_AFTER);
    guard.check();
    assertThat(log).isEmpty();
    advance(Duration.ofMillis(1));
    guard.check();
    assertThat(log).containsExactly("fence");
  }

  @Test
  void theFirstRenewalAfterAPauseLongerThanFenceAfterFencesBeforeItRenews() {
    // a process stopped (SIGSTOP, a long GC) ran no fence check: its renewal is the first to run
    advance(Duration.ofSeconds(20));
    guard.renew(() -> renewed(Duration.ofSeconds(1)));
    assertThat(log).containsExactly("fence", "renew");
    assertThat(guard.overdue()).isFalse();
  }

  @Test
  void aRenewalThatFindsThePreviousOneLongAgoFencesEvenIfThisHostsClockSawNoPause() {
    // a machine suspended with its monotonic clock: only the database saw the time pass
    advance(Duration.ofSeconds(1));
    guard.renew(() -> renewed(Duration.ofSeconds(40)));
    assertThat(log).containsExactly("renew", "fence");
  }

  @Test
  void aFailedRenewalChangesNothingAndTheFenceCheckCountsOn() {
    advance(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                guard.renew(
                    () -> {
                      throw new IllegalStateException("database away");
                    }))
        .isInstanceOf(IllegalStateException.class);
    advance(Duration.ofSeconds(2));
    guard.check();
    assertThat(log).containsExactly("fence");
  }
}
