package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.config.FleetProperties;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This host's part in the fleet, on one thread: it registers the host, renews its lease every third
 * of the lease duration, runs a scheduling pass on every tick and soon after any definition
 * changes, and notices assignments another host made to this one.
 */
final class FleetAgent implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);

  private final FleetProperties properties;
  private final HostCapacity capacity;
  private final HostRows hosts;
  private final FleetScheduler scheduler;
  private final DefinitionPlacements placements;
  private final DefinitionStore all;
  private final String self;
  private final String version;
  private final Counter renewed;
  private final Counter renewFailed;
  private final MultiGauge hostStates;
  private final AtomicBoolean passRequested = new AtomicBoolean();
  private final Map<UUID, Long> seen = new HashMap<>();
  private volatile ScheduledExecutorService thread;

  FleetAgent(
      FleetProperties properties,
      HostCapacity capacity,
      HostRows hosts,
      FleetScheduler scheduler,
      DefinitionPlacements placements,
      DefinitionStore all,
      MeterRegistry meters) {
    this.properties = properties;
    this.capacity = capacity;
    this.hosts = hosts;
    this.scheduler = scheduler;
    this.placements = placements;
    this.all = all;
    this.self = properties.resolvedHostName();
    String implementation = FleetAgent.class.getPackage().getImplementationVersion();
    this.version = implementation != null ? implementation : "dev";
    this.renewed = renewals("success").register(meters);
    this.renewFailed = renewals("failure").register(meters);
    this.hostStates =
        MultiGauge.builder("hcs.fleet.hosts")
            .description("Hosts of the fleet, by state (Ready, Cordoned, Draining, Lost)")
            .register(meters);
  }

  private static Counter.Builder renewals(String result) {
    return Counter.builder("hcs.lease.renewals")
        .description("Renewals of this host's lease in the fleet's database, by result")
        .tag("result", result);
  }

  @Override
  public void start() {
    hosts.register(
        self,
        properties.labels(),
        capacity.processors(),
        capacity.memoryMb(),
        version,
        properties.leaseDuration());
    // before the reconciler starts (see getPhase): what an earlier release ran here is this
    // host's before the first resync looks for orphans
    guarded("scheduling", () -> scheduler.pass());
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "hcs-fleet");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(100, properties.leaseDuration().toMillis() / 3);
    t.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    thread = t;
  }

  @Override
  public void stop() {
    ScheduledExecutorService t = thread;
    thread = null;
    if (t != null) {
      t.shutdownNow();
      try {
        t.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Started before the reconcile workers, stopped after them. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }

  /** A definition was created or changed here: schedule soon, not at the next tick. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onChanged(DefinitionChanged changed) {
    ScheduledExecutorService t = thread;
    if (t != null && passRequested.compareAndSet(false, true)) {
      t.execute(this::requestedPass);
    }
  }

  private void requestedPass() {
    passRequested.set(false);
    guarded("scheduling", () -> scheduler.pass());
  }

  private void tick() {
    guarded("lease renewal", this::renew);
    guarded(
        "assignment check",
        () -> {
          // Alone in the fleet, every assignment and spec change is this process's own write,
          // already in its cache: the check reads every row assigned here, so it runs only when
          // another host could have written one.
          if (hosts.all().size() > 1) {
            adoptAssignments();
          } else {
            // when another host joins, the first check takes every row as changed
            seen.clear();
          }
        });
    guarded("scheduling", () -> scheduler.pass());
    guarded("host gauge", this::measureHosts);
  }

  private void renew() {
    try {
      if (hosts.renew(self, properties.leaseDuration())) {
        renewed.increment();
      } else {
        // the row is gone (an operator removed it): register again
        hosts.register(
            self,
            properties.labels(),
            capacity.processors(),
            capacity.memoryMb(),
            version,
            properties.leaseDuration());
        renewed.increment();
      }
    } catch (DataAccessException e) {
      renewFailed.increment();
      throw e;
    }
  }

  /**
   * What another host assigned to this one, or changed of a definition assigned here, since the
   * last tick: this host's cached copy is dropped and its reconciler told. (Only this thread
   * touches {@code seen}.)
   */
  private void adoptAssignments() {
    Map<UUID, Long> assigned = placements.assignedTo(self);
    for (Map.Entry<UUID, Long> e : assigned.entrySet()) {
      UUID id = e.getKey();
      Long before = seen.put(id, e.getValue());
      Definition d = all.get(id).orElse(null);
      boolean stale = d == null || !self.equals(d.status().host());
      if (stale || !e.getValue().equals(before)) {
        placements.refresh(id);
      }
    }
    seen.keySet().retainAll(assigned.keySet());
  }

  private void measureHosts() {
    Map<HostState, Integer> counts = new EnumMap<>(HostState.class);
    for (HostState s : HostState.values()) {
      counts.put(s, 0);
    }
    hosts.all().forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    hostStates.register(
        counts.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey().name()), e.getValue()))
            .toList(),
        true);
  }

  private void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      // the next tick tries again; the database may be away for a while
      log.warn("fleet {} failed: {}", what, e.toString());
    }
  }
}
