package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.config.FleetProperties;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostSweepRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This host's part in the fleet: it registers the host and renews its lease every third of the
 * lease duration (on a thread of its own, beside the fence check), and on its own thread runs the
 * failover check, this host's drain and a scheduling pass on every tick and soon after any
 * definition changes, and notices assignments another host made to this one.
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
  private final AssignedDefinitions view;
  private final FleetFailover failover;
  private final FleetDrain drain;
  private final ApplicationEventPublisher events;
  private final Counter failovers;
  private final LeaseGuard lease;

  /** The failover definitions assigned here as of the last tick (from the cache). */
  private volatile Set<UUID> failoverHere = Set.of();

  private volatile Set<UUID> fencedHere = Set.of();

  private volatile ScheduledExecutorService thread;
  private volatile ScheduledExecutorService watch;

  FleetAgent(
      FleetProperties properties,
      HostCapacity capacity,
      HostRows hosts,
      FleetScheduler scheduler,
      DefinitionPlacements placements,
      DefinitionStore all,
      AssignedDefinitions view,
      FleetFailover failover,
      FleetDrain drain,
      ApplicationEventPublisher events,
      MeterRegistry meters) {
    this.view = view;
    this.failover = failover;
    this.drain = drain;
    this.events = events;
    this.lease = new LeaseGuard(properties.effectiveFenceAfter(), System::nanoTime, this::fence);
    this.failovers =
        Counter.builder("hcs.failovers")
            .description(
                "Failover definitions this host released from a lost host to be placed elsewhere")
            .register(meters);
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
    // a boot reads every definition afresh: nothing to fence, whatever the lease says
    lease.started();
    registered();
    startThreads();
  }

  private LeaseGuard.Renewal registered() {
    hosts.register(
        self,
        properties.labels(),
        capacity.processors(),
        capacity.memoryMb(),
        version,
        properties.leaseDuration());
    return new LeaseGuard.Renewal(Duration.ZERO);
  }

  private void startThreads() {
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
    // The lease on threads of its own: scheduling work must not delay a renewal, and a renewal
    // hanging on a database that does not answer must not delay the fence check.
    ScheduledExecutorService w =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "hcs-fleet-lease");
              thread.setDaemon(true);
              return thread;
            });
    w.scheduleWithFixedDelay(
        () -> guarded("lease renewal", this::renew), period, period, TimeUnit.MILLISECONDS);
    long check = Math.max(50, Math.min(1000, properties.effectiveFenceAfter().toMillis() / 10));
    w.scheduleWithFixedDelay(this::checkFence, check, check, TimeUnit.MILLISECONDS);
    watch = w;
  }

  @Override
  public void stop() {
    ScheduledExecutorService w = watch;
    watch = null;
    if (w != null) {
      w.shutdownNow();
    }
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
    if (!view.fenced()) {
      guarded("scheduling", () -> scheduler.pass());
    }
  }

  /**
   * Self-fencing: a host that could not renew its lease for {@code fence-after} (counted from when
   * the last successful renewal was sent, so before the database's expiry of that lease) stops
   * running its failover definitions: its reconciler no longer sees them and the sweep terminates
   * their systems, repeated while fenced. Another host takes them only after failover-after, which
   * is longer.
   */
  private void checkFence() {
    try {
      lease.check();
    } catch (RuntimeException e) {
      log.warn("fleet fence check failed: {}", e.toString());
    }
  }

  /**
   * Fences this host (the fence check, or a renewal after a pause: {@link LeaseGuard}), and sweeps
   * again on every call while fenced.
   */
  private synchronized void fence() {
    if (!view.fenced()) {
      Set<UUID> here = new HashSet<>(failoverHere);
      here.addAll(view.failoverShown());
      fencedHere = Set.copyOf(here);
      view.fenced(true);
      log.warn(
          "Fenced: this host could not renew its lease for {}; terminating its systems of"
              + " failover definitions and waiting to rejoin",
          properties.effectiveFenceAfter());
    }
    events.publishEvent(new HostSweepRequested());
  }

  private void tick() {
    if (view.fenced()) {
      if (lease.overdue()) {
        return; // stays fenced: acts on nothing until a renewal succeeds
      }
      guarded("rejoin", this::rejoin);
      if (view.fenced()) {
        return;
      }
    }
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
    guarded("failover", this::failoverAndDrain);
    guarded("scheduling", () -> scheduler.pass());
    guarded("host gauge", this::measureHosts);
  }

  private void failoverAndDrain() {
    List<HostRows.Row> rows = hosts.all();
    int released = failover.pass(rows);
    if (released > 0) {
      failovers.increment(released);
    }
    boolean draining = rows.stream().anyMatch(r -> r.name().equals(self) && r.draining());
    drain.step(draining);
  }

  /**
   * Back after a fence, the lease renewed: every definition is read afresh from the database (what
   * moved away meanwhile is no longer this host's, and its system, already terminated, is never
   * started again), the failover definitions still assigned here run again, and each that was
   * fenced records event Fenced.
   */
  private void rejoin() {
    Set<UUID> fenced = fencedHere;
    List<UUID> ids = all.ids();
    ids.forEach(placements::refresh);
    seen.clear();
    view.fenced(false);
    ids.forEach(placements::refresh);
    for (UUID id : fenced) {
      placements.record(
          id,
          EventType.Fenced,
          "host "
              + self
              + " could not renew its lease for "
              + properties.effectiveFenceAfter()
              + ": it terminated this definition's compute system there");
    }
    events.publishEvent(new HostSweepRequested());
    log.info("Rejoined the fleet after a fence");
  }

  private void renew() {
    try {
      lease.renew(this::renewed);
      renewed.increment();
    } catch (DataAccessException e) {
      renewFailed.increment();
      throw e;
    }
  }

  private LeaseGuard.Renewal renewed() {
    // the row is gone (an operator removed it): register again
    return hosts.renew(self, properties.leaseDuration()).orElseGet(this::registered);
  }

  /**
   * What another host assigned to this one, or changed of a definition assigned here, since the
   * last tick: this host's cached copy is dropped and its reconciler told. (Only this thread
   * touches {@code seen}.)
   */
  private void adoptAssignments() {
    Map<UUID, Long> assigned = placements.assignedTo(self);
    Set<UUID> failing = new HashSet<>();
    for (Map.Entry<UUID, Long> e : assigned.entrySet()) {
      UUID id = e.getKey();
      Long before = seen.put(id, e.getValue());
      Definition d = all.get(id).orElse(null);
      boolean stale = d == null || !self.equals(d.status().host());
      if (stale || !e.getValue().equals(before)) {
        placements.refresh(id);
      }
      if (d != null && d.spec().failsOver()) {
        failing.add(id);
      }
    }
    // taken away by another host (a failover, a drain): this host's copy still names it
    for (UUID gone : Set.copyOf(seen.keySet())) {
      if (!assigned.containsKey(gone)) {
        placements.refresh(gone);
      }
    }
    seen.keySet().retainAll(assigned.keySet());
    failoverHere = Set.copyOf(failing);
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
