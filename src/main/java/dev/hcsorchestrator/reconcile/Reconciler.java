package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.ObservedSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.DoubleSupplier;

/**
 * The decision logic: one level-triggered pass per definition id (controller-runtime's reconcile
 * contract). Each pass reads the definition and the host afresh, hands a {@link StatusDraft} to the
 * step of the desired state (or of deletion), and commits the draft once at the end; the steps
 * write ahead where the host must not act before the store knows. Plain Java: the Spring wiring is
 * elsewhere, so tests drive it with their own clock.
 */
public final class Reconciler {

  /**
   * The settings a pass needs; tests pass short backoffs. {@code sharedRoot} is the fleet's shared
   * root, null when every definition's files are under the storage root.
   */
  public record Settings(
      Path storageRoot,
      String owner,
      Duration backoffInitial,
      Duration backoffMax,
      Duration resetAfter,
      int maxConcurrentStarts,
      Path sharedRoot) {}

  /** {@code hcs.reconcile.max-concurrent-starts} unless configured. */
  public static final int DEFAULT_MAX_CONCURRENT_STARTS = 4;

  /** A definition the host cannot serve as it stands (e.g. a network that does not exist). */
  static final class TerminalError extends RuntimeException {
    TerminalError(String message) {
      super(message);
    }
  }

  private final PassTools tools;
  private final Clock clock;
  private final RunningStep running;
  private final Step paused;
  private final Step saved;
  private final StoppedStep stopped;
  private final DeletionStep deletion;
  private final OrphanSweeper sweeper;
  private final ResourceSweeper resourceSweeper;
  private final SharedRootSweeper sharedRootSweeper;
  private final Provisioner provisioner;
  private final Observer observer;
  private final Incarnation incarnation;
  private final ShutdownGate gate = new ShutdownGate();
  private final HealthMonitor.Verdicts health;
  private final HealthStep healthStep;

  Reconciler(
      DefinitionStore definitions,
      HostAccess hostAccess,
      Inventory inventory,
      ExitLedger exits,
      ReconcileMetrics metrics,
      Clock clock,
      Settings settings,
      DoubleSupplier jitter,
      HealthMonitor.Verdicts health) {
    this.clock = clock;
    this.health = health;
    this.healthStep = new HealthStep(health);
    this.tools =
        new PassTools(
            definitions,
            hostAccess.host(),
            hostAccess.resources(),
            hostAccess.containers(),
            inventory,
            exits,
            metrics,
            settings,
            new SystemSpecs(
                settings.storageRoot(),
                settings.sharedRoot(),
                id -> definitions.get(id).map(d -> d.spec().failsOver()).orElse(false)),
            new Backoff(settings.backoffInitial(), settings.backoffMax(), jitter));
    Stopper stopper = new Stopper(tools);
    NetworkReports networkReports = new NetworkReports(definitions);
    this.provisioner = new Provisioner(tools, networkReports);
    // fair: a worker waiting for a start keeps its place, so the queue's order is the start order
    Semaphore starts = new Semaphore(settings.maxConcurrentStarts(), true);
    this.incarnation = new Incarnation(tools, provisioner, starts, gate);
    this.running = new RunningStep(tools, stopper, incarnation, healthStep);
    this.paused = new PausedStep(tools, running);
    this.stopped = new StoppedStep(tools, stopper);
    this.saved = new SavedStep(tools, stopper, stopped);
    this.deletion = new DeletionStep(tools, stopper, provisioner);
    this.sweeper = new OrphanSweeper(tools);
    this.resourceSweeper = new ResourceSweeper(tools, networkReports);
    this.sharedRootSweeper = new SharedRootSweeper(tools);
    this.observer = new Observer(tools);
  }

  /** One pass for one definition. */
  public ReconcileResult reconcile(UUID id) {
    if (!gate.enter()) {
      return ReconcileResult.DONE; // the host is shutting down: its actions decide, not a pass
    }
    try {
      return pass(id);
    } finally {
      gate.leave();
    }
  }

  private ReconcileResult pass(UUID id) {
    Optional<Definition> found = tools.definitions().get(id);
    if (found.isEmpty()) {
      health.unwatch(id);
      tools.inventory().forget(id);
      return ReconcileResult.DONE;
    }
    StatusDraft draft =
        new StatusDraft(tools.definitions(), tools.inventory(), found.get(), clock.instant());
    try {
      ReconcileResult result = run(draft);
      healthStep.condition(draft);
      draft.observed();
      draft.commit();
      healthStep.watch(draft);
      return result;
    } catch (HostException.Rejected | TerminalError e) {
      draft.fail(e.getMessage());
      draft.observed();
      draft.commit();
      return ReconcileResult.TERMINAL;
    } catch (RuntimeException e) {
      draft.error(e);
      draft.commit();
      throw e;
    } finally {
      // what the last enumeration saw of this definition's systems may be out of date now
      tools.inventory().snapshot().touch(id);
    }
  }

  private ReconcileResult run(StatusDraft s) {
    Definition def = s.def;
    provisioner.adopt(s);
    if (def.deleting()) {
      return deletion.reconcile(s);
    }
    s.applyStartRequest();
    s.releaseHoldOfOlderGeneration();
    Optional<ObservedSystem> observed = incarnation.adopt(s, observer.observe(s));
    if (observed.isEmpty() && !s.memory().mountedScratch().isEmpty()) {
      provisioner.release(s); // the system that used it is gone: before the next one, or stopped
    }
    DesiredState desired = def.spec().desiredState();
    Step step =
        switch (desired == null ? DesiredState.Running : desired) {
          case Running -> running;
          case Paused -> paused;
          case Saved -> saved;
          case Stopped -> stopped;
        };
    return step.reconcile(s, observed);
  }

  /** Loads one definition's claims into the inventory, before the first orphan sweep. */
  public void load(UUID id) {
    tools
        .definitions()
        .get(id)
        .ifPresent(d -> tools.inventory().record(id, d.kind(), d.status().phase(), currentId(d)));
  }

  /**
   * The exact HCS document the current incarnation was created with, or the next one will be (see
   * {@link Observer#document}).
   */
  public Optional<String> document(UUID id) {
    return tools.definitions().get(id).map(observer::document);
  }

  static String currentId(Definition d) {
    return d.status().incarnation() > 0
        ? SystemIds.computeSystemId(d.id(), d.status().incarnation())
        : null;
  }

  /**
   * Terminates our systems that no definition claims (see {@link OrphanSweeper}), then removes our
   * endpoints, namespaces and scratch layers that none claims (see {@link ResourceSweeper}).
   */
  public void sweep() {
    sweep(tools.host().list());
  }

  /**
   * {@link #sweep()} over an enumeration just taken, one at a time. The stored ids, read once after
   * the host's resources are enumerated, serve both sweeps and are returned for the resync to queue
   * (null if the store could not be read, or the host is shutting down).
   */
  public synchronized List<UUID> sweep(List<ObservedSystem> enumerated) {
    if (!gate.enter()) {
      return null;
    }
    try {
      ResourceSweeper.Seen seen = resourceSweeper.enumerate();
      List<UUID> ids = storedIds();
      Set<UUID> stored = ids == null ? null : new HashSet<>(ids);
      sweeper.sweep(enumerated, stored);
      resourceSweeper.sweep(seen, stored); // never throws: the resync's passes go on
      sharedRootSweeper.sweep(); // never throws either
      return ids;
    } finally {
      gate.leave();
    }
  }

  private List<UUID> storedIds() {
    try {
      return tools.definitions().ids();
    } catch (RuntimeException e) {
      return null; // not now: the system sweep reads each definition, the resource sweep waits
    }
  }

  /**
   * The host is shutting down: carries out every definition's {@code hostShutdownAction} (see
   * {@link ShutdownActions}); no pass acts afterwards in this process.
   */
  ShutdownActions.Outcome hostShutdown(List<UUID> ids, Duration timeout) {
    return new ShutdownActions(tools, clock, gate).carryOut(ids, timeout);
  }

  Duration backoff(int n) {
    return tools.backoff().delay(n);
  }
}
