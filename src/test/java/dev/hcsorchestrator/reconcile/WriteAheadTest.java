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
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each point where a pass must make its status durable before it calls the host: the host in front
 * ({@link DurableFirstHost}) fails the test when the store does not hold that state yet. In front
 * of the simulated host.
 */
class WriteAheadTest {

  @TempDir Path storage;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  SimulatedHost sim;
  DurableFirstHost host;
  Inventory inventory = new Inventory();
  ExitLedger exits = new ExitLedger();
  Reconciler reconciler;
  UUID id;
  Set<UUID> queued = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void setUp() {
    wire(SimulatorSettings.none());
    id = definitions.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null)).id();
    host.watched = id;
  }

  /** The reconciler over a simulated host with these settings, behind {@link DurableFirstHost}. */
  void wire(SimulatorSettings settings) {
    if (sim != null) {
      sim.close();
    }
    sim = new SimulatedHost(storage.resolve("host"), settings);
    host = new DurableFirstHost(sim, definitions);
    reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, host, host), storage.resolve("data"))
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    sim.host.subscribe(
        new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  DefinitionStatus status() {
    return definitions.require(id).status();
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
  }

  @Test
  void theNextIncarnationIsStoredBeforeItsSystemIsCreated() {
    converge();
    assertThat(status().phase()).isEqualTo(Phase.Running);

    sim.exit(status().computeSystemId(), HostExitType.UnexpectedExit);
    converge(); // the replacement: incarnation 2 stored before create

    assertThat(status().incarnation()).isEqualTo(2);
    assertThat(sim.ours())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).isEqualTo(SystemIds.computeSystemId(id, 2)));
  }

  @Test
  void aPauseBehindTheServicesBackIsStoredBeforeTheResume() {
    converge();
    sim.pauseFromOutside(status().computeSystemId());
    int before = host.checks;

    converge();

    assertThat(host.checks - before).as("the resume was checked").isPositive();
    assertThat(status().phase()).isEqualTo(Phase.Running);
    assertThat(sim.state(status().computeSystemId())).contains(SystemState.Running);
  }

  @Test
  void whatTheServiceMakesIsRecordedBeforeItIsMade() {
    converge();

    Bookkeeping b = Bookkeeping.of(status());
    assertThat(b.made(Dependents.DISK)).hasSize(2);
    assertThat(b.made(Dependents.ENDPOINT)).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(b.made(Dependents.HV_SOCKET)).as("sockets need no registration").isEmpty();
    assertThat(b.made(Dependents.DISK))
        .allSatisfy(disk -> assertThat(Path.of(disk)).isRegularFile());
  }

  @Test
  void thatAnExitIsOursIsStoredBeforeTheStop() {
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Stopped);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Stopped);
    assertThat(sim.state(first)).isEmpty();
    assertThat(status().restartCount()).as("the exit was ours: no restart").isZero();
  }

  @Test
  void thatAnExitIsOursIsStoredBeforeATerminateWithoutGracePeriod() {
    // guests that take an hour to shut down: only a terminate stops this one
    wire(new SimulatorSettings(Map.of("shutdown", Duration.ofHours(1)), true));
    DefinitionSpec v = ReconcilerTest.vm("web-02", RestartPolicy.Always, null);
    id = definitions.add(SpecBuilder.from(v).shutdownTimeout(0).build()).id();
    host.watched = id;
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Stopped);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Stopped);
    assertThat(sim.state(first)).as("terminated, not left shutting down").isEmpty();
  }

  @Test
  void theStateFileIsStoredBeforeTheSavedSystemIsTerminated() {
    converge();
    String first = status().computeSystemId();

    definitions.desired(id, DesiredState.Saved);
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Saved);
    assertThat(sim.state(first)).isEmpty();
    assertThat(Path.of(Bookkeeping.of(status()).savedStateFile())).isNotEmptyFile();
  }

  @Test
  void aHostShutdownRecordsItsActionAndTheStateFileBeforeTheHostActs() {
    converge();

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(List.of(id), Duration.ofSeconds(5));
    sim.settle();

    // an AssertionError of the host in front would leave the action unfinished
    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done()).containsEntry(id, HostShutdownAction.Save);
    Bookkeeping b = Bookkeeping.of(status());
    assertThat(b.hostShutdown()).isEqualTo(HostShutdownAction.Save);
    assertThat(b.savedStateFile()).isNotNull();
    assertThat(sim.ours()).isEmpty();
  }

  @Test
  void aContainersEndpointsNamespaceAndScratchAreRecordedBeforeTheyAreMade() throws Exception {
    id =
        definitions
            .add(
                ContainerDependentsTest.container(
                    List.of(
                        Files.createDirectories(storage.resolve("layers/app")).toString(),
                        Files.createDirectories(storage.resolve("layers/base")).toString()),
                    List.of("eth0")))
            .id();
    host.watched = id;
    int before = host.checks;
    converge();

    assertThat(status().phase()).isEqualTo(Phase.Running);
    // endpoint, namespace, the endpoint added to it, the scratch, the create: each checked
    assertThat(host.checks - before).isGreaterThanOrEqualTo(5);
    assertThat(sim.namespaces()).containsExactly(SystemIds.namespaceId(id));
    assertThat(sim.containers.namespaceEndpoints(SystemIds.namespaceId(id)))
        .containsExactly(SystemIds.endpointId(id, "eth0"));
    assertThat(Bookkeeping.of(status()).mountedScratch())
        .singleElement()
        .matches(sim.containers::holdsScratch);
  }
}
