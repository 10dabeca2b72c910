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
  final FakeHost fake = new FakeHost();
  final DurableFirstHost host = new DurableFirstHost(fake, definitions);
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

  void start(HostShutdownAction action) {
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, grantsRecordedFirst(), fake), storage)
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    fake.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
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

    // an AssertionError of the host in front would leave the action unfinished
    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.ShutDown);
    assertThat(fake.ours()).isEmpty();
  }

  @Test
  void aTurnOffForTheHostStoresThatTheExitIsOursBeforeItTerminates() {
    start(HostShutdownAction.TurnOff);

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(List.of(id), Duration.ofSeconds(5));

    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.TurnOff);
    assertThat(fake.ours()).isEmpty();
  }
}
