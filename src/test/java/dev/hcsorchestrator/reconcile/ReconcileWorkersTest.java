package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemType;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The triggers and the workers: start-up, resync, host events, definition changes, stop. */
class ReconcileWorkersTest {

  static final String ORPHAN = "11111111-1111-1111-1111-111111111111";
  static final String FOREIGN = "22222222-2222-2222-2222-222222222222";

  @TempDir Path storage;
  PassFixture f;
  WorkQueue<UUID> queue = new WorkQueue<>(Duration.ofMillis(20), Duration.ofSeconds(1));
  ReconcileWorkers workers;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
  }

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.stop();
    }
    queue.shutDown();
    f.close();
  }

  /** Workers of a new service process over the fixture's store and host. */
  ReconcileWorkers workers() {
    f.newService();
    workers =
        new ReconcileWorkers(
            f.reconciler,
            queue,
            f.definitions,
            f.computeHost(),
            f.inventory,
            f.exits,
            f.recording,
            f.clock,
            2,
            Duration.ofMinutes(10));
    return workers;
  }

  List<UUID> drain() throws InterruptedException {
    List<UUID> keys = new ArrayList<>();
    while (queue.depth() > 0) {
      UUID k = queue.take();
      keys.add(k);
      queue.done(k);
    }
    return keys;
  }

  @Test
  void aResyncLoadsTheClaimsSweepsOrphansAndQueuesEveryDefinition() throws Exception {
    UUID a = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    UUID b = f.running(ReconcilerTest.vm("b", RestartPolicy.Always, null));
    f.sim.appear(ORPHAN, SimulatedHost.OWNER, SystemType.Container);
    UUID pending = f.add(ReconcilerTest.vm("p", RestartPolicy.Always, null));
    f.sim.appear(FOREIGN, "docker", SystemType.Container);
    ReconcileWorkers w = workers();

    w.resync();
    f.settle();

    assertThat(f.inventory.claimsLoaded()).isTrue();
    assertThat(f.inventory.phaseOf(pending)).isEqualTo(Phase.Pending);
    assertThat(f.inventory.currentSystem(pending)).isEmpty();
    assertThat(f.inventory.currentSystem(a)).contains(f.system(a));
    assertThat(f.inventory.phaseOf(b)).isEqualTo(Phase.Running);
    assertThat(f.sim.ids()).containsExactlyInAnyOrder(f.system(a), f.system(b), FOREIGN);
    assertThat(f.inventory.lastResync()).isEqualTo(f.clock.instant());
    assertThat(w.queueDepth()).isEqualTo(3);
    assertThat(drain()).containsExactlyInAnyOrder(a, b, pending);
    assertThat(f.metrics).contains("swept success").doesNotContain("reconciled success");
  }

  @Test
  void aResyncKeepsOnlyOurSystemsForThePassesItQueues() {
    UUID a = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    f.sim.appear(FOREIGN, "docker", SystemType.Container);
    ReconcileWorkers w = workers();

    w.resync();

    assertThat(f.inventory.snapshot().lookup(a, f.system(a))).isPresent();
    assertThat(f.inventory.snapshot().lookup(a, FOREIGN)).isEmpty();
  }

  @Test
  void aResyncLoadsTheClaimsOnlyOnce() {
    UUID a = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    ReconcileWorkers w = workers();
    w.resync();
    f.inventory.record(a, f.definitions.require(a).kind(), Phase.Stopping, f.system(a));

    w.resync();

    assertThat(f.inventory.phaseOf(a)).as("not loaded again").isEqualTo(Phase.Stopping);
  }

  @Test
  void aFailedEnumerationDropsTheSnapshotAndLeavesTheSweepToTheQueue() throws Exception {
    UUID a = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    ReconcileWorkers w = workers();
    w.resync();
    drain();
    assertThat(f.inventory.snapshot().lookup(a, f.system(a))).isPresent();
    f.sim.appear(ORPHAN, SimulatedHost.OWNER, SystemType.Container);
    f.sim.fail("Enumerate", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    f.clock.advance(Duration.ofMinutes(10));

    w.resync();

    assertThat(f.inventory.snapshot().lookup(a, f.system(a))).isEmpty();
    assertThat(f.sim.state(ORPHAN)).isPresent();
    assertThat(drain()).containsExactlyInAnyOrder(a, ReconcileWorkers.SWEEP);
    assertThat(f.inventory.lastResync()).isEqualTo(f.clock.instant());
  }

  @Test
  void aResyncThatCannotReadTheStoreTriesAgainNextTime() {
    f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    ReconcileWorkers w = workers();
    f.definitions.failIds = true;

    w.resync();

    assertThat(f.inventory.claimsLoaded()).isFalse();
    assertThat(f.inventory.lastResync()).isNull();
    assertThat(w.queueDepth()).isZero();

    f.definitions.failIds = false;
    w.resync();
    assertThat(f.inventory.claimsLoaded()).isTrue();
  }

  @Test
  void startedWorkersConvergeAChangedDefinitionAndStopCleanly() {
    ReconcileWorkers w = workers();
    w.start();
    w.start(); // a second start changes nothing
    assertThat(w.isRunning()).isTrue();
    UUID id = f.add(ReconcilerTest.vm("a", RestartPolicy.Always, null));

    w.onDefinitionChanged(new DefinitionChanged(id));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> f.status(id).phase() == Phase.Running && queue.inFlight() == 0);
    assertThat(f.ours()).hasSize(1);
    assertThat(f.metrics).contains("reconciled success");

    w.stop();
    assertThat(w.isRunning()).isFalse();
    f.exit(f.system(id), HostExitType.UnexpectedExit);
    assertThat(queue.depth()).as("no longer subscribed, queue shut down").isZero();
    assertThat(f.status(id).incarnation()).isEqualTo(1);
  }

  @Test
  void workersStoppedAndStartedAgainConvergeWhatChangedMeanwhile() {
    ReconcileWorkers w = workers();
    w.start();
    w.onReady();
    w.stop();
    UUID id = f.add(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    w.onDefinitionChanged(new DefinitionChanged(id)); // while stopped: kept, not lost
    UUID later = f.add(ReconcilerTest.vm("b", RestartPolicy.Always, null)); // never announced

    w.start();

    assertThat(w.isRunning()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> f.status(id).phase() == Phase.Running);
    await()
        .atMost(Duration.ofSeconds(20))
        .alias("the periodic resync runs again and finds a definition nobody announced")
        .until(() -> f.status(later).phase() == Phase.Running);
    w.stop();
  }

  @Test
  void aHostExitReachesTheWorkersAndTheSystemIsRestarted() {
    UUID id = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    ReconcileWorkers w = workers();
    w.resync();
    w.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> queue.depth() == 0 && queue.inFlight() == 0);

    f.exit(f.system(id), HostExitType.UnexpectedExit);

    await().atMost(Duration.ofSeconds(20)).until(() -> f.status(id).incarnation() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> f.status(id).phase() == Phase.Running);
    assertThat(f.metrics).contains("reconciled requeue");
  }

  @Test
  void aLostHostServiceQueuesEveryDefinitionAndASweep() {
    UUID id = f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    ReconcileWorkers w = workers();
    w.resync();
    w.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> queue.depth() == 0 && queue.inFlight() == 0);
    f.sim.appear(ORPHAN, SimulatedHost.OWNER, SystemType.Container);

    f.sim.core.disconnectService();
    // its exit went with the service: no handle held it, so no event tells of it
    f.sim.core.exitFromOutside(f.system(id), NotificationType.UnexpectedExit, 0);
    f.settle();

    await().atMost(Duration.ofSeconds(20)).until(() -> f.sim.state(ORPHAN).isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> f.status(id).incarnation() == 2);
  }

  @Test
  void aFailingPassIsRetriedByTheWorkers() {
    ReconcileWorkers w = workers();
    w.start();
    UUID id = f.add(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    f.sim.fail("Create", HResults.HCS_E_SERVICE_NOT_AVAILABLE);

    w.onDefinitionChanged(new DefinitionChanged(id));

    await().atMost(Duration.ofSeconds(20)).until(() -> f.status(id).phase() == Phase.Running);
    assertThat(f.metrics).contains("reconciled error", "reconciled success");
  }

  @Test
  void theReadyEventStartsThePeriodicResyncOnce() {
    f.running(ReconcilerTest.vm("a", RestartPolicy.Always, null));
    f.sim.appear(ORPHAN, SimulatedHost.OWNER, SystemType.Container);
    ReconcileWorkers w = workers();
    w.start();

    w.onReady();
    w.onReady();

    await().atMost(Duration.ofSeconds(20)).until(() -> f.inventory.lastResync() != null);
    assertThat(f.inventory.claimsLoaded()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> f.sim.state(ORPHAN).isEmpty());
    w.stop();
  }
}
