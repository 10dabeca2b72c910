package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.reconcile.ReconcileMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The reconciler's counters as docs/reconciliation.md names them ({@code hcs_*_total} in
 * Prometheus).
 */
@Component
class MicrometerReconcileMetrics implements ReconcileMetrics {

  static final List<String> DRIFT_CAUSES = List.of("missing", "exited", "state", "spec", "orphan");
  static final List<String> RECONCILE_RESULTS =
      List.of("success", "error", "requeue", "terminal", "panic");
  static final List<String> SWEEP_RESULTS = List.of("success", "error", "panic");

  private final MeterRegistry registry;
  private final Timer duration;
  // looked up on every pass: registered once instead of built and found again each time
  private final Map<String, Counter> reconcileCounters = new HashMap<>();
  private final Timer sweepDuration;
  private final Map<String, Counter> sweepCounters = new HashMap<>();

  MicrometerReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration =
        Timer.builder("hcs.reconcile.duration")
            .description("Duration of one reconcile pass")
            .publishPercentileHistogram()
            .register(registry);
    // every series exists from the start, so dashboards and rate() see zeros, not gaps
    for (String result : RECONCILE_RESULTS) {
      reconcileCounters.put(result, reconcileCounter(result));
    }
    this.sweepDuration =
        Timer.builder("hcs.sweep.duration")
            .description("Duration of one orphan sweep")
            .publishPercentileHistogram()
            .register(registry);
    for (String result : SWEEP_RESULTS) {
      sweepCounters.put(
          result,
          Counter.builder("hcs.sweep")
              .description("Orphan sweeps by result")
              .tag("result", result)
              .register(registry));
    }
    for (Kind kind : Kind.values()) {
      for (String cause : DRIFT_CAUSES) {
        driftCounter(kind.name(), cause);
      }
      for (ExitType reason : ExitType.values()) {
        restartCounter(kind.name(), reason.name());
      }
    }
  }

  private Counter reconcileCounter(String result) {
    return Counter.builder("hcs.reconcile")
        .description("Reconcile passes by result")
        .tag("result", result)
        .register(registry);
  }

  private Counter restartCounter(String kind, String reason) {
    return Counter.builder("hcs.restarts")
        .description("Compute systems recreated after an exit, by exit type")
        .tag("kind", kind)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter driftCounter(String kind, String cause) {
    return Counter.builder("hcs.drift")
        .description("Differences found between the host and the definitions")
        .tag("kind", kind)
        .tag("cause", cause)
        .register(registry);
  }

  @Override
  public void reconciled(String result, long durationNanos) {
    Counter counter = reconcileCounters.get(result);
    (counter != null ? counter : reconcileCounter(result)).increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void swept(String result, long durationNanos) {
    Counter counter = sweepCounters.get(result);
    if (counter != null) {
      counter.increment();
    }
    sweepDuration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void restarted(String kind, String reason) {
    restartCounter(kind, reason).increment();
  }

  @Override
  public void drift(String kind, String cause) {
    driftCounter(kind, cause).increment();
  }
}
