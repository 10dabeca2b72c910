package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostResources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More write-ahead points: a file grant is recorded before the host grants it (so that a crash
 * cannot leave an access entry nobody revokes), and the shut-down and turn-off host-shutdown
 * actions store that the exit is ours before they stop the system ({@link DurableFirstHost}).
 */
class GrantAndShutdownWriteAheadTest {

  @TempDir Path storage;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  final InMemoryDefinitions definitions = new InMemoryDefinitions();
  SimulatedHost sim;
  DurableFirstHost host;
  final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  final AtomicInteger grantChecks = new AtomicInteger();
  Reconciler reconciler;
  UUID id;

  /**
   * {@link HostResources} that fails the test when a grant is not in the store before it is made.
   */
  HostResources grantsRecordedFirst() {
    return (HostResources)
        Proxy.newProxyInstance(
            HostResources.class.getClassLoader(),
            new Class<?>[] {HostResources.class},
            (proxy, method, args) -> {
              if (method.getName().equals("grantAccess")) {
                grantChecks.incrementAndGet();
                String key = args[0] + " " + args[1];
                List<String> stored =
                    Bookkeeping.of(definitions.require(id).status()).made(Grants.GRANT);
                if (!stored.contains(key)) {
                  throw new AssertionError("granted before it was stored: " + key);
                }
              }
              try {
                return method.invoke(host, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @AfterEach
  void tearDown() {
    if (sim != null) {
      sim.close();
    }
  }

  void start(HostShutdownAction action) {
    sim = new SimulatedHost(storage.resolve("host"));
    host = new DurableFirstHost(sim, definitions);
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(
                definitions,
                new HostAccess(host, grantsRecordedFirst(), sim.containers),
                storage.resolve("data"))
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    sim.host.subscribe(
        new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
    id =
        definitions
            .add(
                HostShutdownTest.withAction(
                    ReconcilerTest.vm("web-01", RestartPolicy.Always, null), action))
            .id();
    host.watched = id;
    converge();
    assertThat(definitions.require(id).status().phase()).isEqualTo(Phase.Running);
  }

  void converge() {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      sim.settle();
      if (!(r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero())
          && !queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  @Test
  void everyGrantIsStoredBeforeTheHostMakesItTheSaveTargetsToo() {
    start(null);
    int atStart = grantChecks.get();
    assertThat(atStart).as("the incarnation's files").isGreaterThan(0);

    definitions.desired(id, DesiredState.Saved);
    converge();

    assertThat(definitions.require(id).status().phase()).isEqualTo(Phase.Saved);
    assertThat(grantChecks.get()).as("the save target").isGreaterThan(atStart);
  }

  @Test
  void aShutDownForTheHostStoresThatTheExitIsOursBeforeItAsks() {
    start(HostShutdownAction.ShutDown);

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(List.of(id), Duration.ofSeconds(5));
    sim.settle();

    // an AssertionError of the host in front would leave the action unfinished
    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.ShutDown);
    assertThat(sim.ours()).isEmpty();
  }

  @Test
  void aTurnOffForTheHostStoresThatTheExitIsOursBeforeItTerminates() {
    start(HostShutdownAction.TurnOff);

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(List.of(id), Duration.ofSeconds(5));
    sim.settle();

    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.TurnOff);
    assertThat(sim.ours()).isEmpty();
  }
}
