package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * The one way tests wire a {@link Reconciler}: over a store and a host, everything else defaulted
 * to what a pass test wants unless it tests it. Defaults: a fresh {@link Inventory} and {@link
 * ExitLedger}, no metrics, a {@link MutableClock} at 2026-11-28T10:00Z, owner {@code
 * hcs-orchestrator}, backoff from 1 s doubling to 60 s reset after 10 min, the default bound on
 * concurrent starts, no jitter, no health verdicts.
 */
final class ReconcilerBuilder {

  static final String OWNER = "hcs-orchestrator";

  private final DefinitionStore definitions;
  private final HostAccess host;
  private Inventory inventory = new Inventory();
  private ExitLedger exits = new ExitLedger();
  private ReconcileMetrics metrics = ReconcileMetrics.NONE;
  private Clock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private Path storage;
  private String owner = OWNER;
  private Duration resetAfter = Duration.ofMinutes(10);
  private Integer maxConcurrentStarts;
  private DoubleSupplier jitter = () -> 0.0;
  private HealthMonitor.Verdicts health = HealthMonitor.Verdicts.NONE;

  private ReconcilerBuilder(DefinitionStore definitions, HostAccess host, Path storage) {
    this.definitions = definitions;
    this.host = host;
    this.storage = storage;
  }

  /** A reconciler over this store and host, keeping its files under {@code storage}. */
  static ReconcilerBuilder over(DefinitionStore definitions, HostAccess host, Path storage) {
    return new ReconcilerBuilder(definitions, host, storage);
  }

  ReconcilerBuilder inventory(Inventory v) {
    inventory = v;
    return this;
  }

  ReconcilerBuilder exits(ExitLedger v) {
    exits = v;
    return this;
  }

  ReconcilerBuilder metrics(ReconcileMetrics v) {
    metrics = v;
    return this;
  }

  ReconcilerBuilder clock(Clock v) {
    clock = v;
    return this;
  }

  ReconcilerBuilder owner(String v) {
    owner = v;
    return this;
  }

  /** How long a system must run before its backoff starts again from the initial delay. */
  ReconcilerBuilder resetAfter(Duration v) {
    resetAfter = v;
    return this;
  }

  ReconcilerBuilder maxConcurrentStarts(int v) {
    maxConcurrentStarts = v;
    return this;
  }

  ReconcilerBuilder jitter(DoubleSupplier v) {
    jitter = v;
    return this;
  }

  ReconcilerBuilder health(HealthMonitor.Verdicts v) {
    health = v;
    return this;
  }

  /** The settings this builder gives the reconciler. */
  Reconciler.Settings settings() {
    Duration initial = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(60);
    int starts =
        maxConcurrentStarts == null
            ? Reconciler.DEFAULT_MAX_CONCURRENT_STARTS
            : maxConcurrentStarts;
    return new Reconciler.Settings(storage, owner, initial, max, resetAfter, starts, null);
  }

  Reconciler build() {
    return new Reconciler(
        definitions, host, inventory, exits, metrics, clock, settings(), jitter, health);
  }
}
