package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.definition.HealthCheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The counting of {@link HealthMonitor}: thresholds, resets, the initial delay, incarnations. */
class HealthMonitorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final Deque<HealthMonitor.Probe> answers = new ArrayDeque<>();
  private final List<String> probed = new ArrayList<>();
  private final List<UUID> queued = new ArrayList<>();
  private final HealthMonitor monitor =
      new HealthMonitor(
          t -> {
            probed.add(t.systemId());
            return answers.isEmpty() ? HealthMonitor.Probe.healthy() : answers.pop();
          },
          clock,
          queued::add,
          null);
  private final UUID id = UUID.randomUUID();

  private static HealthCheckSpec tcp(int threshold, int initialDelay) {
    return new HealthCheckSpec(HealthCheckType.Tcp, 80, null, 1, 1, threshold, initialDelay);
  }

  private HealthMonitor.Health health(String systemId) {
    return monitor.verdict(id, systemId).map(HealthMonitor.Verdict::health).orElse(null);
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      answers.add(HealthMonitor.Probe.failed("refused"));
    }
  }

  @Test
  void thresholdFailuresInARowMakeTheSystemUnhealthyAndQueueIt() {
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());
    fail(3);

    monitor.probeNow(id);
    monitor.probeNow(id);
    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Failing);
    assertThat(monitor.verdict(id, "sys-1").orElseThrow().failures()).isEqualTo(2);
    monitor.probeNow(id);

    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Unhealthy);
    assertThat(queued).hasSize(3).containsOnly(id);
  }

  @Test
  void aSuccessResetsTheCount() {
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());
    fail(2);
    monitor.probeNow(id);
    monitor.probeNow(id);
    monitor.probeNow(id); // healthy
    fail(2);
    monitor.probeNow(id);
    monitor.probeNow(id);

    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Failing);
    assertThat(monitor.verdict(id, "sys-1").orElseThrow().failures()).isEqualTo(2);
  }

  @Test
  void anUnknownOutcomeCountsNeitherWay() {
    monitor.watch(id, "sys-1", List.of(), tcp(2, 0), clock.instant());
    fail(1);
    answers.add(HealthMonitor.Probe.unknown("no address"));
    monitor.probeNow(id);
    monitor.probeNow(id);

    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Unknown);
    assertThat(monitor.verdict(id, "sys-1").orElseThrow().failures()).isEqualTo(1);
  }

  @Test
  void nothingIsProbedBeforeTheInitialDelayCountedFromTheStart() {
    Instant started = clock.instant();
    clock.advance(Duration.ofSeconds(3));
    monitor.watch(id, "sys-1", List.of(), tcp(1, 5), started);

    monitor.probeNow(id);
    assertThat(probed).isEmpty();
    assertThat(health("sys-1")).isNull();

    clock.advance(Duration.ofSeconds(2));
    monitor.probeNow(id);
    assertThat(probed).containsExactly("sys-1");
  }

  @Test
  void anUnhealthySystemIsNotProbedAgain() {
    monitor.watch(id, "sys-1", List.of(), tcp(1, 0), clock.instant());
    fail(1);
    monitor.probeNow(id);
    monitor.probeNow(id);

    assertThat(probed).hasSize(1);
    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Unhealthy);
  }

  @Test
  void aNewIncarnationStartsFromZeroAndTheOldVerdictIsGone() {
    monitor.watch(id, "sys-1", List.of(), tcp(2, 0), clock.instant());
    fail(2);
    monitor.probeNow(id);
    monitor.probeNow(id);
    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Unhealthy);

    monitor.watch(id, "sys-2", List.of(), tcp(2, 0), clock.instant());
    assertThat(monitor.verdict(id, "sys-1")).isEmpty();
    assertThat(health("sys-2")).isNull();
    fail(1);
    monitor.probeNow(id);

    assertThat(health("sys-2")).isEqualTo(HealthMonitor.Health.Failing);
    assertThat(monitor.verdict(id, "sys-2").orElseThrow().failures()).isEqualTo(1);
  }

  @Test
  void watchingTheSameSystemAgainKeepsTheCount() {
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());
    fail(2);
    monitor.probeNow(id);
    monitor.probeNow(id);
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());

    assertThat(monitor.verdict(id, "sys-1").orElseThrow().failures()).isEqualTo(2);
  }

  @Test
  void anUnwatchedDefinitionIsNotProbed() {
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());
    monitor.unwatch(id);
    monitor.probeNow(id);

    assertThat(probed).isEmpty();
    assertThat(monitor.verdict(id, "sys-1")).isEmpty();
  }

  @Test
  void steadyHealthQueuesThePassOnceOnly() {
    monitor.watch(id, "sys-1", List.of(), tcp(3, 0), clock.instant());
    monitor.probeNow(id);
    monitor.probeNow(id);
    monitor.probeNow(id);

    assertThat(health("sys-1")).isEqualTo(HealthMonitor.Health.Healthy);
    assertThat(queued).containsExactly(id);
  }
}
