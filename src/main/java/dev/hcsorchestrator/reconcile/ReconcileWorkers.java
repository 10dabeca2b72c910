package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.HostSweepRequested;
import dev.hcsorchestrator.definition.NetworkChanged;
import dev.hcsorchestrator.definition.NetworkDeleted;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ObservedSystem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workers and every trigger: definition changes after commit, host events, the periodic resync
 * (which also sweeps orphans) and start-up. Each key is handed to one worker at a time; a failure
 * retries it with the queue's per-key backoff. Whatever a pass throws stays in that pass: the
 * worker goes on with the next key. Passes are counted as reconciles, sweeps as sweeps.
 */
public class ReconcileWorkers implements SmartLifecycle {

  /**
   * The queue key of the orphan sweep (retried and coalesced by the queue); no definition has it.
   */
  static final UUID SWEEP = new UUID(0, 0);

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileWorkers.class);

  private final Reconciler reconciler;
  private final WorkQueue<UUID> queue;
  private final DefinitionStore definitions;
  private final ComputeHost host;
  private final Inventory inventory;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final int workerCount;
  private final Duration resyncInterval;
  private final HostEventRouter router;
  private final List<Thread> workers = new ArrayList<>();
  private ScheduledExecutorService resync;
  private ComputeHost.Subscription subscription;
  private volatile boolean running;
  private boolean ready;

  ReconcileWorkers(
      Reconciler reconciler,
      WorkQueue<UUID> queue,
      DefinitionStore definitions,
      ComputeHost host,
      Inventory inventory,
      ExitLedger exits,
      ReconcileMetrics metrics,
      Clock clock,
      int workerCount,
      Duration resyncInterval) {
    this.reconciler = reconciler;
    this.queue = queue;
    this.definitions = definitions;
    this.host = host;
    this.inventory = inventory;
    this.metrics = metrics;
    this.clock = clock;
    this.workerCount = workerCount;
    this.resyncInterval = resyncInterval;
    this.router =
        new HostEventRouter(
            inventory, exits, clock, queue::add, () -> queue.add(SWEEP), this::enqueueAll);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    queue.resume();
    subscription = host.subscribe(router);
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, "reconcile-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    if (ready) {
      startResync(); // started again after a lifecycle stop
    }
  }

  /** Start-up trigger: load what the statuses claim, then resync (adopting what runs) and sweep. */
  @EventListener(ApplicationReadyEvent.class)
  public synchronized void onReady() {
    ready = true;
    if (running) {
      startResync();
    }
  }

  private void startResync() {
    if (resync != null) {
      return;
    }
    resync =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reconcile-resync");
              t.setDaemon(true);
              return t;
            });
    resync.scheduleWithFixedDelay(
        this::resync, 0, resyncInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onDefinitionChanged(DefinitionChanged event) {
    queue.add(event.id());
  }

  /** A declared network is gone: the sweep removes the host network made for it. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onNetworkDeleted(NetworkDeleted event) {
    queue.add(SWEEP);
  }

  /** A declared network changed: the sweep replaces the host network made for its old settings. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onNetworkChanged(NetworkChanged event) {
    queue.add(SWEEP);
  }

  /** The definitions this host may act on changed (the fleet fenced it): sweep at once. */
  @EventListener
  public void onHostSweepRequested(HostSweepRequested event) {
    queue.add(SWEEP);
  }

  void resync() {
    // an Error too: an escaped throwable would end the periodic task for good
    try {
      if (!inventory.claimsLoaded()) {
        for (UUID id : definitions.ids()) {
          reconciler.load(id);
        }
        inventory.claimsLoaded(true);
      }
      List<UUID> ids = enumerateAndSweep();
      (ids == null ? definitions.ids() : ids).forEach(queue::add);
      inventory.lastResync(clock.instant());
    } catch (RuntimeException e) {
      // the next interval tries again; readiness turns down if it keeps failing
      LOG.warn("Periodic resync failed: {}", e.toString());
    } catch (Throwable t) { // the scheduler would drop the task
      LOG.error("Periodic resync failed; the next one runs as planned", t);
    }
  }

  /**
   * One enumeration of the host, swept for orphans at once and kept for the passes queued next, so
   * that they need not ask the host about each system again. If it fails, the passes ask and the
   * sweep goes to the queue, which retries it. Returns the ids the sweep read from the store, or
   * null.
   */
  private List<UUID> enumerateAndSweep() {
    ObservedSnapshot snapshot = inventory.snapshot();
    long tick = snapshot.begin();
    long started = System.nanoTime();
    try {
      List<ObservedSystem> all = host.list();
      String owner = host.owner();
      snapshot.publish(tick, all.stream().filter(s -> owner.equals(s.owner())).toList());
      List<UUID> ids = reconciler.sweep(all);
      metrics.swept("success", System.nanoTime() - started);
      return ids;
    } catch (RuntimeException e) {
      metrics.swept("error", System.nanoTime() - started);
      snapshot.clear();
      queue.add(SWEEP);
    } catch (Throwable t) { // counted and retried like any failed sweep
      metrics.swept("panic", System.nanoTime() - started);
      LOG.error("Orphan sweep failed; it is retried", t);
      snapshot.clear();
      queue.add(SWEEP);
    }
    return null;
  }

  private void enqueueAll() {
    definitions.ids().forEach(queue::add);
    queue.add(SWEEP);
  }

  private void work() {
    while (running) {
      UUID key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key == null) {
        return;
      }
      long started = System.nanoTime();
      if (SWEEP.equals(key)) {
        String outcome =
            settle(
                queue,
                key,
                () -> {
                  reconciler.sweep();
                  return ReconcileResult.DONE;
                });
        metrics.swept(outcome, System.nanoTime() - started);
      } else {
        String outcome = settle(queue, key, () -> reconciler.reconcile(key));
        metrics.reconciled(outcome, System.nanoTime() - started);
      }
    }
  }

  /**
   * Runs one pass of a taken key and tells the queue what its result means: {@code Done} forgets
   * the key's failures; {@code Terminal} too (recorded as {@code Failed}: no retry until the spec
   * changes); {@code RequeueAfter} forgets them and adds the key after the delay; an exception adds
   * it after its per-key rate-limited backoff, and so does any other throwable (an {@link Error}
   * such as a missing native library or memory running out in one pass), which is logged here,
   * once, with its key. The key is always marked done, so an add during the pass runs it again.
   * Returns the metric's result label: success, terminal, requeue, error or panic.
   */
  static <K> String settle(WorkQueue<K> queue, K key, Supplier<ReconcileResult> pass) {
    try {
      ReconcileResult result = pass.get();
      queue.forget(key);
      if (result instanceof ReconcileResult.RequeueAfter r) {
        queue.addAfter(key, r.delay());
        return "requeue";
      }
      return result instanceof ReconcileResult.Terminal ? "terminal" : "success";
    } catch (RuntimeException e) {
      Duration delay = queue.addRateLimited(key);
      LOG.debug("Reconcile of {} failed, retry in {}: {}", key, delay, e.toString());
      return "error";
    } catch (Throwable t) { // one pass's failure must not end the worker thread
      Duration delay = queue.addRateLimited(key);
      LOG.error("Pass of {} threw; retry in {}, the worker goes on", key, delay, t);
      return "panic";
    } finally {
      queue.done(key);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (resync != null) {
      resync.shutdownNow();
      resync = null;
    }
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    queue.pause(); // the queue itself is closed with the context; a start resumes it
    for (Thread t : workers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stop before the host layer and the database go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  /** Keys waiting for a worker. */
  public int queueDepth() {
    return queue.depth();
  }
}
