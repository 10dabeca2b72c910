package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.reconcile.Inventory;
import dev.hcsorchestrator.reconcile.WorkQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Gauges computed from the reconciler's memory, never from the database or the host: a scrape costs
 * one pass over the in-memory inventory (cached briefly, since every phase gauge reads it).
 */
@Component
class ReconcileGauges implements MeterBinder {

  private static final long CACHE_NANOS = 500_000_000L;

  private final Inventory inventory;
  private final WorkQueue<UUID> queue;
  private Map<Kind, Map<Phase, Long>> counts;
  private long countedAt;

  ReconcileGauges(Inventory inventory, WorkQueue<UUID> queue) {
    this.inventory = inventory;
    this.queue = queue;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Kind kind : Kind.values()) {
      for (Phase phase : Phase.values()) {
        Gauge.builder("hcs.definitions", this, g -> g.count(kind, phase))
            .description("Definitions by kind and phase")
            .tag("kind", kind.name())
            .tag("phase", phase.name())
            .register(registry);
      }
    }
    for (SystemState state : SystemState.values()) {
      if (state == SystemState.Stopped) {
        continue; // stopped systems are gone in HCS
      }
      Gauge.builder(
              "hcs.compute.systems",
              inventory,
              i -> i.systemStates().getOrDefault(state.name(), 0L))
          .description("Compute systems of this service's owner on the host, by state")
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder("hcs.reconcile.queue.depth", queue, WorkQueue::depth)
        .description("Definitions waiting for a reconcile worker")
        .register(registry);
  }

  private synchronized double count(Kind kind, Phase phase) {
    long now = System.nanoTime();
    if (counts == null || now - countedAt > CACHE_NANOS) {
      counts = inventory.counts();
      countedAt = now;
    }
    return counts.get(kind).get(phase);
  }
}
