package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.host.HostExitType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each point where a pass must make its status durable before it calls the host: the host in front
 * ({@link DurableFirstHost}) fails the test when the store does not hold that state yet.
 */
class WriteAheadTest {

  @TempDir Path storage;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  FakeHost fake = new FakeHost();
  DurableFirstHost host = new DurableFirstHost(fake, definitions);
  Inventory inventory = new Inventory();
  ExitLedger exits = new ExitLedger();
  Reconciler reconciler;
  UUID id;
  Set<UUID> queued = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void setUp() {
    reconciler =
        ReconcilerBuilder.over(definitions, new HostAccess(host, host, host), storage)
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    fake.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
    id = definitions.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null)).id();
    host.watched = id;
  }

  DefinitionStatus status() {
    return definitions.require(id).status();
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
  }

  @Test
  void theNextIncarnationIsStoredBeforeItsSystemIsCreated() {
    converge();
    assertThat(status().phase()).isEqualTo(Phase.Running);

    fake.exit(status().computeSystemId(), HostExitType.UnexpectedExit);
    converge(); // the replacement: incarnation 2 stored before create

    assertThat(status().incarnation()).isEqualTo(2);
    assertThat(fake.ours())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).isEqualTo(SystemIds.computeSystemId(id, 2)));
  }

  @Test
  void whatTheServiceMakesIsRecordedBeforeItIsMade() {
    converge();

    Bookkeeping b = Bookkeeping.of(status());
    assertThat(b.made(Dependents.DISK)).hasSize(2);
    assertThat(b.made(Dependents.ENDPOINT)).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(b.made(Dependents.HV_SOCKET)).as("sockets need no registration").isEmpty();
    assertThat(fake.disks).hasSize(2);
  }

  @Test
  void thatAnExitIsOursIsStoredBeforeTheStop() {
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Stopped);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Stopped);
    assertThat(fake.operations).contains("Shutdown " + first);
    assertThat(status().restartCount()).as("the exit was ours: no restart").isZero();
  }

  @Test
  void thatAnExitIsOursIsStoredBeforeATerminateWithoutGracePeriod() {
    DefinitionSpec v = ReconcilerTest.vm("web-02", RestartPolicy.Always, null);
    id = definitions.add(SpecBuilder.from(v).shutdownTimeout(0).build()).id();
    host.watched = id;
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Stopped);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Stopped);
    assertThat(fake.operations).contains("Terminate " + first);
  }

  @Test
  void theStateFileIsStoredBeforeTheSavedSystemIsTerminated() {
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Saved);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Saved);
    assertThat(fake.operations).contains("Terminate " + first);
    assertThat(fake.files).contains(Bookkeeping.of(status()).savedStateFile());
  }

  @Test
  void aHostShutdownRecordsItsActionAndTheStateFileBeforeTheHostActs() {
    converge();

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(List.of(id), Duration.ofSeconds(5));

    // an AssertionError of the host in front would leave the action unfinished
    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.Save);
    Bookkeeping b = Bookkeeping.of(status());
    assertThat(b.hostShutdown()).isEqualTo(HostShutdownAction.Save);
    assertThat(b.savedStateFile()).isNotNull();
    assertThat(fake.ours()).isEmpty();
  }

  @Test
  void aContainersEndpointsNamespaceAndScratchAreRecordedBeforeTheyAreMade() {
    id =
        definitions
            .add(ContainerDependentsTest.container(ContainerDependentsTest.LAYERS, List.of("eth0")))
            .id();
    host.watched = id;
    int before = host.checks;
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Running);
    // endpoint, namespace, the endpoint added to it, the scratch, the create: each checked
    assertThat(host.checks - before).isGreaterThanOrEqualTo(5);
    assertThat(fake.namespaces).containsOnlyKeys(SystemIds.namespaceId(id));
    assertThat(fake.scratches).hasSize(1);
  }
}
