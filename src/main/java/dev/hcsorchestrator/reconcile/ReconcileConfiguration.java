package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.config.SharedStorageProperties;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.HostResources;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring wiring of the reconciler; the decision logic itself knows nothing of Spring. */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

  /** Failure backoff of the work queue: per key, 5 ms doubling up to 30 s (as client-go's). */
  static final Duration FAILURE_BASE = Duration.ofMillis(5);

  static final Duration FAILURE_MAX = Duration.ofSeconds(30);

  static final int HEALTH_THREADS = 2;

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Inventory inventory() {
    return new Inventory();
  }

  @Bean
  ExitLedger exitLedger() {
    return new ExitLedger();
  }

  @Bean(destroyMethod = "shutDown")
  WorkQueue<UUID> reconcileQueue() {
    return new WorkQueue<>(FAILURE_BASE, FAILURE_MAX);
  }

  /** The health checks' own two threads: probes never run on, nor wait for, a reconcile worker. */
  @Bean(destroyMethod = "close")
  HealthMonitor healthMonitor(
      ComputeHost host, HostResources resources, WorkQueue<UUID> queue, Clock clock) {
    AtomicInteger n = new AtomicInteger();
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            HEALTH_THREADS,
            r -> {
              Thread t = new Thread(r, "health-probe-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return new HealthMonitor(new HostProber(host, resources), clock, queue::add, scheduler);
  }

  private static java.nio.file.Path sharedRoot(SharedStorageProperties shared) {
    return shared == null ? null : shared.sharedRoot();
  }

  @Bean
  Reconciler reconciler(
      DefinitionStore definitions,
      ComputeHost host,
      HostResources resources,
      ContainerResources containers,
      Inventory inventory,
      ExitLedger exits,
      ObjectProvider<ReconcileMetrics> metrics,
      Clock clock,
      HcsProperties properties,
      ObjectProvider<SharedStorageProperties> shared,
      HealthMonitor health) {
    HcsProperties.Backoff backoff = properties.restart().backoff();
    return new Reconciler(
        definitions,
        new HostAccess(host, resources, containers),
        inventory,
        exits,
        metrics.getIfAvailable(() -> ReconcileMetrics.NONE),
        clock,
        new Reconciler.Settings(
            properties.storageRoot(),
            properties.host().owner(),
            backoff.initial(),
            backoff.max(),
            backoff.resetAfter(),
            properties.reconcile().maxConcurrentStarts(),
            sharedRoot(shared.getIfAvailable())),
        () -> ThreadLocalRandom.current().nextDouble(),
        health.verdicts());
  }

  /**
   * The workers and triggers. {@code hcs.reconcile.enabled=false} leaves them out (tests of other
   * modules that must see their writes untouched); the service always runs them.
   */
  @Bean
  @ConditionalOnProperty(
      name = "hcs.reconcile.enabled",
      havingValue = "true",
      matchIfMissing = true)
  ReconcileWorkers reconcileWorkers(
      Reconciler reconciler,
      WorkQueue<UUID> queue,
      DefinitionStore definitions,
      ComputeHost host,
      Inventory inventory,
      ExitLedger exits,
      ObjectProvider<ReconcileMetrics> metrics,
      Clock clock,
      HcsProperties properties) {
    return new ReconcileWorkers(
        reconciler,
        queue,
        definitions,
        host,
        inventory,
        exits,
        metrics.getIfAvailable(() -> ReconcileMetrics.NONE),
        clock,
        properties.reconcile().workers(),
        properties.reconcile().resyncInterval());
  }

  /** What a host shutdown does to the workloads (the service's host-shutdown hook calls it). */
  @Bean
  HostShutdownActions hostShutdownActions(Reconciler reconciler, DefinitionStore definitions) {
    return new HostShutdownActions(reconciler, definitions);
  }

  @Bean
  ReconcileQueries reconcileQueries(
      DefinitionStore definitions, ComputeHost host, Reconciler reconciler, Inventory inventory) {
    return new ReconcileQueries(definitions, host, reconciler, inventory);
  }
}
