package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsContainerResources;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host shutdown over the simulated host: each definition's action, then a power-off and the
 * host's boot (a new service over the same state, the simulator's systems gone); and the bound on
 * concurrent starts when many workloads come back at once.
 */
class HostShutdownTest {

  static final String OWNER = "hcs-orchestrator";

  @TempDir Path dir;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  SimulatorFaults faults = new SimulatorFaults();
  SimulatedComputeCore core;
  ComputeHost host;
  Reconciler reconciler;
  Inventory inventory;
  ExitLedger exits;
  HcsHostResources resources;
  HcsContainerResources containers;

  @AfterEach
  void stop() {
    if (core != null) {
      core.close();
    }
  }

  /** A service process over the simulator state directory. */
  void newService(SimulatorSettings settings, int maxConcurrentStarts) {
    if (core != null) {
      core.close();
    }
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, settings);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    host = new HcsComputeHost(core, OWNER, "simulated", registry);
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);
    SimulatedComputeNetwork network = new SimulatedComputeNetwork(dir.resolve("sim"), faults);
    containers =
        new HcsContainerResources(
            network,
            new SimulatedComputeStorage(dir.resolve("sim/storage"), disks),
            disks,
            registry);
    resources =
        new HcsHostResources(
            disks,
            network,
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            OWNER,
            registry);
    inventory = new Inventory();
    exits = new ExitLedger();
    reconciler = reconciler(host, maxConcurrentStarts);
    host.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  Reconciler reconciler(ComputeHost over, int maxConcurrentStarts) {
    return ReconcilerBuilder.over(
            definitions, new HostAccess(over, resources, containers), dir.resolve("storage"))
        .inventory(inventory)
        .exits(exits)
        .clock(clock)
        .maxConcurrentStarts(maxConcurrentStarts)
        .build();
  }

  /** The host powers off: the service's core is closed and every compute system is gone. */
  void powerOff() throws IOException {
    core.close();
    core = null;
    try (Stream<Path> files = Files.list(dir.resolve("sim/systems"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  static DefinitionSpec vm(String name, HostShutdownAction action) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(30)
        .hostShutdownAction(action)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                1,
                512L,
                List.of(new DiskSpec("os", null, 20, null, null, null)),
                List.of(),
                List.of()))
        .build();
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  List<ObservedSystem> ours() {
    return host.list().stream().filter(s -> OWNER.equals(s.owner())).toList();
  }

  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      if (r instanceof ReconcileResult.RequeueAfter q && !q.delay().isZero()) {
        if (!Bookkeeping.of(status(id)).exitRequested()) {
          return;
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> queued.contains(id));
        continue;
      }
      if (!queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  @Test
  void aHostShutdownSavesShutsDownOrTurnsOffAndTheBootRestoresTheSavedAndStartsTheOthersFresh()
      throws IOException {
    newService(SimulatorSettings.none(), 4);
    UUID saved = definitions.add(vm("saved", HostShutdownAction.Save)).id();
    UUID shut = definitions.add(vm("shut", HostShutdownAction.ShutDown)).id();
    UUID off = definitions.add(vm("off", HostShutdownAction.TurnOff)).id();
    List<UUID> all = List.of(saved, shut, off);
    all.forEach(this::converge);
    assertThat(ours()).hasSize(3);

    ShutdownActions.Outcome outcome = reconciler.hostShutdown(all, Duration.ofSeconds(20));

    assertThat(outcome.unfinished()).isEmpty();
    assertThat(outcome.done())
        .containsEntry(saved, HostShutdownAction.Save)
        .containsEntry(shut, HostShutdownAction.ShutDown)
        .containsEntry(off, HostShutdownAction.TurnOff);
    await().atMost(Duration.ofSeconds(5)).until(() -> ours().isEmpty());
    String stateFile = Bookkeeping.of(status(saved)).savedStateFile();
    assertThat(stateFile).isNotNull();
    assertThat(Path.of(stateFile)).exists();
    assertThat(status(saved).phase()).isEqualTo(Phase.Saved);
    assertThat(status(shut).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(status(off).lastExit().type()).isEqualTo(ExitType.ForcedExit);
    for (UUID id : all) {
      assertThat(definitions.require(id).spec().desiredState()).isEqualTo(DesiredState.Running);
      // while the host goes down, a pass (woken by the exits) restarts nothing
      assertThat(reconciler.reconcile(id)).isEqualTo(ReconcileResult.DONE);
    }
    assertThat(ours()).isEmpty();

    powerOff();
    newService(SimulatorSettings.none(), 4);
    all.forEach(this::converge);

    for (UUID id : all) {
      assertThat(status(id).phase()).isEqualTo(Phase.Running);
      assertThat(status(id).incarnation()).isEqualTo(2);
      assertThat(status(id).restartCount()).isZero();
      assertThat(Bookkeeping.of(status(id)).backoffStreak()).isZero();
      assertThat(Bookkeeping.of(status(id)).hostShutdown()).isNull();
    }
    assertThat(ours()).hasSize(3);
    assertThat(definitions.eventTypes(saved)).contains(EventType.Restored);
    assertThat(reconciler.document(saved).orElseThrow()).contains("RestoreState", "saved-1.vmrs");
    assertThat(Path.of(stateFile)).doesNotExist();
    for (UUID id : List.of(shut, off)) {
      assertThat(definitions.eventTypes(id)).doesNotContain(EventType.Restored);
      assertThat(reconciler.document(id).orElseThrow()).doesNotContain("RestoreState");
    }
  }

  @Test
  void changingTheHostShutdownActionKeepsTheRunningSystem() {
    newService(SimulatorSettings.none(), 4);
    UUID id = definitions.add(vm("web", HostShutdownAction.Save)).id();
    converge(id);
    String first = status(id).computeSystemId();

    definitions.change(id, s -> withAction(s, HostShutdownAction.TurnOff));
    converge(id);

    assertThat(status(id).computeSystemId()).isEqualTo(first);
    assertThat(status(id).observedGeneration()).isEqualTo(2);
    assertThat(definitions.eventTypes(id)).doesNotContain(EventType.Replaced);
    assertThat(host.inspect(first).orElseThrow().state()).isEqualTo(SystemState.Running);
  }

  static DefinitionSpec withAction(DefinitionSpec s, HostShutdownAction action) {
    return SpecBuilder.from(s).hostShutdownAction(action).build();
  }

  @Test
  void aShutDownThatOutlastsItsTimeIsTerminatedAsAForcedExit() {
    // the guest takes 5 s to shut down; the definition allows 1 s
    newService(new SimulatorSettings(Map.of("shutdown", Duration.ofSeconds(5)), false), 4);
    DefinitionSpec spec = vm("slow", HostShutdownAction.ShutDown);
    spec = SpecBuilder.from(spec).shutdownTimeout(1).build();
    UUID id = definitions.add(spec).id();
    converge(id);

    reconciler.hostShutdown(List.of(id), Duration.ofSeconds(20));

    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.ForcedExit);
    await().atMost(Duration.ofSeconds(5)).until(() -> ours().isEmpty());
  }

  /** Counts the systems between the entry of {@code create} and the return of {@code start}. */
  static final class StartCounter {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    ComputeHost wrap(ComputeHost host) {
      return (ComputeHost)
          Proxy.newProxyInstance(
              ComputeHost.class.getClassLoader(),
              new Class<?>[] {ComputeHost.class},
              (proxy, method, args) -> {
                boolean create = method.getName().equals("create");
                boolean start = method.getName().equals("start");
                if (create) {
                  peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                }
                try {
                  return method.invoke(host, args);
                } catch (InvocationTargetException e) {
                  if (create) {
                    inFlight.decrementAndGet();
                  }
                  throw e.getCause();
                } finally {
                  if (start) {
                    inFlight.decrementAndGet();
                  }
                }
              });
    }
  }

  @Test
  void fiftyWorkloadsAfterABootStartInWavesOfAtMostTheConfiguredNumber() {
    newService(
        new SimulatorSettings(
            Map.of("create", Duration.ofMillis(20), "start", Duration.ofMillis(40)), false),
        3);
    StartCounter counter = new StartCounter();
    reconciler = reconciler(counter.wrap(host), 3);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(definitions.add(vm(String.format("vm-%02d", i), null)).id());
    }
    WorkQueue<UUID> queue =
        new WorkQueue<>(ReconcileConfiguration.FAILURE_BASE, ReconcileConfiguration.FAILURE_MAX);
    ReconcileWorkers workers =
        new ReconcileWorkers(
            reconciler,
            queue,
            definitions,
            host,
            inventory,
            exits,
            ReconcileMetrics.NONE,
            clock,
            8,
            Duration.ofMinutes(10));
    workers.start();
    try {
      workers.onReady(); // the boot: load the claims, resync, queue every definition
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(ids)
                      .allSatisfy(id -> assertThat(status(id).phase()).isEqualTo(Phase.Running)));
    } finally {
      workers.stop();
    }
    assertThat(ours()).hasSize(50);
    System.out.println("Peak of systems being created and started at once: " + counter.peak.get());
    assertThat(counter.peak.get()).isLessThanOrEqualTo(3).isGreaterThan(1);
  }
}
