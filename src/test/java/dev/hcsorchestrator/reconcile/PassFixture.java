package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The reconciler over a {@link FakeHost} and {@link InMemoryDefinitions}, with a clock the test
 * moves and metrics it can read: what the step tests share. Backoff from 1 s doubling to 60 s,
 * reset after 10 minutes, no jitter.
 */
final class PassFixture {

  /**
   * What the metrics were told, as "reconciled result", "restarted kind reason", "drift kind
   * cause".
   */
  final List<String> metrics = new CopyOnWriteArrayList<>();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  final InMemoryDefinitions definitions = new InMemoryDefinitions();
  final FakeHost host = new FakeHost();
  final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  final Path storage;
  int sweeps;
  Inventory inventory;
  ExitLedger exits;
  Reconciler reconciler;

  final ReconcileMetrics recording =
      new ReconcileMetrics() {
        @Override
        public void reconciled(String result, long durationNanos) {
          metrics.add("reconciled " + result);
        }

        @Override
        public void swept(String result, long durationNanos) {
          metrics.add("swept " + result);
        }

        @Override
        public void restarted(String kind, String reason) {
          metrics.add("restarted " + kind + " " + reason);
        }

        @Override
        public void drift(String kind, String cause) {
          metrics.add("drift " + kind + " " + cause);
        }
      };

  PassFixture(Path storage) {
    this.storage = storage;
    newService();
  }

  /** A fresh service process: nothing in memory, same database and host. */
  void newService() {
    inventory = new Inventory();
    exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(definitions, new HostAccess(host, host, host), storage)
            .inventory(inventory)
            .exits(exits)
            .metrics(recording)
            .clock(clock)
            .build();
    host.subscribe(
        new HostEventRouter(
            inventory,
            exits,
            clock,
            queued::add,
            () -> sweeps++,
            () -> queued.addAll(definitions.ids())));
  }

  UUID add(DefinitionSpec spec) {
    return definitions.add(spec).id();
  }

  UUID running(DefinitionSpec spec) {
    UUID id = add(spec);
    converge(id);
    if (status(id).phase() != Phase.Running) {
      throw new AssertionError("not running: " + status(id));
    }
    return id;
  }

  /** Runs passes until one waits (Done or a positive delay), as the work queue would. */
  ReconcileResult converge(UUID id) {
    ReconcileResult r = null;
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      r = reconciler.reconcile(id);
      boolean again =
          r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero() || queued.contains(id);
      if (!again) {
        return r;
      }
    }
    throw new AssertionError("no convergence in 20 passes: " + r);
  }

  ReconcileResult pass(UUID id) {
    queued.remove(id);
    return reconciler.reconcile(id);
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  Bookkeeping bookkeeping(UUID id) {
    return Bookkeeping.of(status(id));
  }

  Condition ready(UUID id) {
    return status(id).conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  String system(UUID id) {
    return status(id).computeSystemId();
  }

  static ReconcileResult after(Duration d) {
    return new ReconcileResult.RequeueAfter(d);
  }
}
