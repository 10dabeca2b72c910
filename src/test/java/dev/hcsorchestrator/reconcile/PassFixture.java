package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The reconciler over the simulated host ({@link SimulatedHost}) and {@link InMemoryDefinitions},
 * with a clock the test moves and metrics it can read: what the step tests share. Backoff from 1 s
 * doubling to 60 s, reset after 10 minutes, no jitter. After every pass the simulator's due events
 * are delivered, so a test sees the host as a synchronous one leaves it.
 */
final class PassFixture implements AutoCloseable {

  /**
   * What the metrics were told, as "reconciled result", "restarted kind reason", "drift kind
   * cause".
   */
  final List<String> metrics = new CopyOnWriteArrayList<>();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  final InMemoryDefinitions definitions = new InMemoryDefinitions();

  /** The simulated host. */
  final SimulatedHost sim;

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

  /** Over the simulated host, keeping its state beside the storage root. */
  PassFixture(Path storage) {
    this(storage, SimulatorSettings.none());
  }

  private PassFixture(Path storage, SimulatorSettings settings) {
    this.storage = storage;
    this.sim = new SimulatedHost(simulatorState(), settings);
    newService();
  }

  /**
   * Over a simulated host whose guests take an hour to shut down: within a test they never do, so
   * only a terminate ends them.
   */
  static PassFixture guestIgnoringShutdown(Path storage) {
    return new PassFixture(
        storage, new SimulatorSettings(Map.of("shutdown", Duration.ofHours(1)), true));
  }

  private static Path simulatorState() {
    try {
      return java.nio.file.Files.createTempDirectory("simulated-host");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    sim.close();
    org.springframework.util.FileSystemUtils.deleteRecursively(sim.dir.toFile());
  }

  /** Waits until the simulated host delivered every event already due. */
  void settle() {
    sim.settle();
  }

  /** A fresh service process: nothing in memory, same database and host. */
  void newService() {
    inventory = new Inventory();
    exits = new ExitLedger();
    sim.reconnect();
    HostAccess access = sim.access();
    reconciler =
        ReconcilerBuilder.over(definitions, access, storage)
            .inventory(inventory)
            .exits(exits)
            .metrics(recording)
            .clock(clock)
            .build();
    access
        .host()
        .subscribe(
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
      settle();
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
    try {
      return reconciler.reconcile(id);
    } finally {
      settle();
    }
  }

  /** The system stops on its own with this exit, its events delivered. */
  void exit(String sys, dev.hcsorchestrator.host.HostExitType type) {
    sim.exit(sys, type);
  }

  /** The compute host the reconciler runs over. */
  dev.hcsorchestrator.host.ComputeHost computeHost() {
    return sim.host;
  }

  /** The ids of our systems on the host. */
  List<String> ours() {
    return sim.ours().stream().map(dev.hcsorchestrator.host.ObservedSystem::id).toList();
  }

  /** One orphan sweep, its exits delivered. */
  void sweep() {
    reconciler.sweep();
    settle();
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
